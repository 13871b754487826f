// Labels in English and Korean, switchable; numbers and dates formatted for the chosen locale.
// Community days and weeks are Seoul's (docs/analytics.md), so dates are shown in Seoul time.
const labels = {
  en: {
    brand: 'Es console', skip: 'Skip to content', mainNav: 'Main', language: '한국어', languageName: 'Switch to Korean',
    signIn: 'Sign in', signOut: 'Sign out', email: 'Email', password: 'Password', signedInAs: 'Signed in as {name}',
    signInTitle: 'Sign in to the Es console', signInHelp: 'Use your Es account.', signInFailed: 'Sign-in failed: {message}',
    sessionEnded: 'Your session ended. Please sign in again.',
    network: 'My network', community: 'Community', operations: 'Operations', loading: 'Loading…', error: 'Something went wrong: {message}',
    forbidden: 'Only administrators can open this page.', footer: 'Es: the local health community. Figures come from the Es GraphQL API.',
    myNetwork: 'My network', networkDrawing: 'Drawing of my network: me, my neighbours and the links among us', neighbours: 'My neighbours',
    suggestions: 'Suggested members', suggestion: 'suggested', noSuggestions: 'No suggestions yet.', regionGraph: 'The graph of a region',
    regionGraphDrawing: 'Drawing of the members of {region} and their links', region: 'Region', show: 'Show', member: 'Member', weight: 'Weight',
    kinds: 'Kinds', lastInteraction: 'Last interaction', reason: 'Reason', sharedNeighbours: 'Shared neighbours', nodes: 'Members', links: 'Links',
    kind_LIKE: 'Likes', kind_COMMENT: 'Comments', kind_MEETUP: 'Meetups', kind_CHAT: 'Chat', noNeighbours: 'No links yet.',
    regionGraphForbidden: 'Only members of {region} and administrators see its graph.',
    membersOfTheWeek: 'Members of the week ({week})', rank: 'Rank', score: 'Score', activeDays: 'Active days', breakdown: 'Why: score breakdown',
    count: 'Count', counted: 'Counted', cap: 'Cap', points: 'Points', activity: 'Activity', nobodyThisWeek: 'Nobody has been active this week yet.',
    act_POST: 'Posts', act_COMMENT: 'Comments', act_LIKE_GIVEN: 'Likes given', act_LIKE_RECEIVED: 'Likes received', act_MEETUP_HOSTED: 'Meetups hosted',
    act_MEETUP_JOINED: 'Meetups joined', act_MESSAGE_SENT: 'Messages sent',
    returningMembers: 'Returning members', returningHelp: 'Share of each sign-up month\u2019s members active on at least 3 days of a month.',
    signupMonth: 'Sign-up month', month: 'Month', members: 'Members', returning: 'Returning', share: 'Share',
    heatmapAxes: 'Rows: sign-up month; columns: month of activity.', adminsOnly: 'Administrators see this table.', trendingTags: 'Trending tags ({day})', tag: 'Tag', mentions: 'Mentions',
    trailingAverage: '7-day average', noTrending: 'No tag has 3 mentions today.', tagSeries: 'Daily mentions of #{tag} (last 30 days)', day: 'Day',
    regionView: 'Region view', regionMembers: 'Members', activeThisMonth: 'Active this month', posts: 'Posts', meetups: 'Meetups',
    conditions: 'Conditions of interest', condition: 'Condition', openPolls: 'Open polls', closedPolls: 'Closed polls (results for local policy)',
    question: 'Question', option: 'Option', votes: 'Votes', voters: 'Voters', turnout: 'Turnout', closes: 'Closes', noPolls: 'None.',
    projections: 'Projections', projectionsHelp: 'Live: refreshed every 2 seconds.', name: 'Name', generation: 'Generation', state: 'State',
    mode: 'Mode', lagEvents: 'Lag (events)', lagSeconds: 'Lag (s)', progress: 'Progress', eventsPerSecond: 'Events/s', lastError: 'Last error',
    lagChart: 'Lag over time (events)', current: 'served', rebuild: 'rebuild', updatedAt: 'Updated {time}',
    analystsOnly: 'Only administrators and auditors can open this page.', customers: 'Customers', merchants: 'Merchants', delivery: 'Delivery', segments: 'RFM segments', segment: 'Segment', topCustomers: 'Top customers',
    customer: 'Customer', spend: 'Net spend', orders: 'Orders', lifetimeValue: 'Lifetime value', profile: 'Profile', history: 'History', currency: 'Currency',
    kind: 'Kind', merchant: 'Merchant', net: 'Net', noCommerce: 'No commerce data yet.', merchantId: 'Merchant id', dailyTicket: 'Daily average ticket',
    weeklyTicket: 'Weekly average ticket', transactions: 'Transactions', averageTicket: 'Average ticket',
    restaurants: 'Restaurants', restaurant: 'Restaurant', cuisine: 'Cuisine',
    cancellationRate: 'Cancelled', averageDelivery: 'Delivery (min)', p90Delivery: 'p90 (min)', rating: 'Rating',
    orderTrends: 'Order trends ({orders} orders)', byHour: 'Orders by hour of day', byWeekday: 'Orders by weekday',
    merchantOption: '{name} · {category} · {sales} sales · {flags} flags', merchantDetails: 'The merchant', category: 'Category', timeZone: 'Time zone',
    salesCount: 'Sales', flags: 'Anomaly flags', flagsOnChart: '{count} anomaly flags drawn as diamonds on the line',
    flagsHeading: 'Anomaly flags on the chart ({count})', noFlags: 'No anomaly flags in this range.', flagTitle: '{rule} on {day}',
    rule: 'Rule', subject: 'Subject', at: 'When', flagEvents: 'The events behind this flag', sequence: 'Sequence', eventType: 'Event type', time: 'Time',
    actor: 'Actor', source: 'Source', data: 'Data',
    rule_DUPLICATE_SALE: 'Duplicate sale', rule_AMOUNT_OUTLIER: 'Unusual amount', rule_REFUND_OVER_REMAINING: 'Refund over what was left',
    rule_TICKET_SHIFT: 'Average ticket shift', rule_REPEATED_AMOUNT: 'Same amount three times', rule_IMPLAUSIBLE_DELIVERY: 'Implausible delivery',
    deadLetters: 'Dead letters', deadLettersHelp: 'Kafka messages ingest could not store, as they came. Fix the cause, then replay one to its original topic.',
    deadLetterAt: 'Dead letter, when', cameFrom: 'Came from', message: 'Message', key: 'Key', value: 'Value', replay: 'Replay',
    replayOne: 'Replay the dead letter {where}', replayed: 'Replayed {from} to {to}.', replayedTimes: 'Replayed {count}×, last {at} by {by}', refresh: 'Refresh', valueBytes: '{bytes} bytes in all',
    ingestOff: 'Kafka ingest is off on this host (Es:Kafka:Enabled=false): there are no dead letters.', noDeadLetters: 'No dead letters in {topics}.',
  },
  ko: {
    brand: 'Es 콘솔', skip: '본문으로 건너뛰기', mainNav: '주 메뉴', language: 'English', languageName: '영어로 바꾸기',
    signIn: '로그인', signOut: '로그아웃', email: '이메일', password: '비밀번호', signedInAs: '{name} 님으로 로그인됨',
    signInTitle: 'Es 콘솔 로그인', signInHelp: 'Es 계정으로 로그인하세요.', signInFailed: '로그인하지 못했습니다: {message}',
    sessionEnded: '세션이 끝났습니다. 다시 로그인해 주세요.',
    network: '나의 네트워크', community: '커뮤니티', operations: '운영', loading: '불러오는 중…', error: '문제가 생겼습니다: {message}',
    forbidden: '관리자만 이 페이지를 열 수 있습니다.', footer: 'Es: 지역 건강 커뮤니티. 모든 수치는 Es GraphQL API에서 옵니다.',
    myNetwork: '나의 네트워크', networkDrawing: '나의 네트워크 그림: 나, 이웃, 그리고 우리 사이의 연결', neighbours: '나의 이웃',
    suggestions: '추천 회원', suggestion: '추천', noSuggestions: '아직 추천이 없습니다.', regionGraph: '지역 그래프',
    regionGraphDrawing: '{region} 회원과 연결의 그림', region: '지역', show: '보기', member: '회원', weight: '가중치',
    kinds: '종류', lastInteraction: '마지막 교류', reason: '이유', sharedNeighbours: '공통 이웃', nodes: '회원', links: '연결',
    kind_LIKE: '좋아요', kind_COMMENT: '댓글', kind_MEETUP: '모임', kind_CHAT: '대화', noNeighbours: '아직 연결이 없습니다.',
    regionGraphForbidden: '{region} 회원과 관리자만 이 그래프를 볼 수 있습니다.',
    membersOfTheWeek: '이번 주의 회원 ({week})', rank: '순위', score: '점수', activeDays: '활동한 날', breakdown: '이유: 점수 내역',
    count: '횟수', counted: '인정', cap: '상한', points: '점수', activity: '활동', nobodyThisWeek: '이번 주에는 아직 활동한 회원이 없습니다.',
    act_POST: '글', act_COMMENT: '댓글', act_LIKE_GIVEN: '누른 좋아요', act_LIKE_RECEIVED: '받은 좋아요', act_MEETUP_HOSTED: '연 모임',
    act_MEETUP_JOINED: '참여한 모임', act_MESSAGE_SENT: '보낸 메시지',
    returningMembers: '다시 찾는 회원', returningHelp: '가입한 달별로, 한 달에 3일 이상 활동한 회원의 비율.',
    signupMonth: '가입한 달', month: '달', members: '회원', returning: '재방문', share: '비율',
    heatmapAxes: '행: 가입한 달, 열: 활동한 달.', adminsOnly: '이 표는 관리자에게 보입니다.', trendingTags: '뜨는 태그 ({day})', tag: '태그', mentions: '언급',
    trailingAverage: '7일 평균', noTrending: '오늘 3번 이상 언급된 태그가 없습니다.', tagSeries: '#{tag} 일별 언급 (최근 30일)', day: '날',
    regionView: '지역 현황', regionMembers: '회원', activeThisMonth: '이번 달 활동', posts: '글', meetups: '모임',
    conditions: '관심 질환', condition: '질환', openPolls: '진행 중인 투표', closedPolls: '마감된 투표 (지역 정책을 위한 결과)',
    question: '질문', option: '선택지', votes: '표', voters: '투표한 회원', turnout: '투표율', closes: '마감', noPolls: '없음.',
    projections: '프로젝션', projectionsHelp: '실시간: 2초마다 새로 고칩니다.', name: '이름', generation: '세대', state: '상태',
    mode: '방식', lagEvents: '지연 (이벤트)', lagSeconds: '지연 (초)', progress: '진행', eventsPerSecond: '초당 이벤트', lastError: '마지막 오류',
    lagChart: '시간에 따른 지연 (이벤트)', current: '서비스 중', rebuild: '재구축', updatedAt: '{time} 갱신',
    analystsOnly: '관리자와 감사자만 이 페이지를 열 수 있습니다.', customers: '고객', merchants: '가맹점', delivery: '배달', segments: 'RFM 세그먼트', segment: '세그먼트', topCustomers: '상위 고객',
    customer: '고객', spend: '순 지출', orders: '주문', lifetimeValue: '생애 가치', profile: '프로필', history: '내역', currency: '통화',
    kind: '종류', merchant: '가맹점', net: '순액', noCommerce: '아직 상거래 데이터가 없습니다.', merchantId: '가맹점 ID', dailyTicket: '일별 평균 객단가',
    weeklyTicket: '주별 평균 객단가', transactions: '거래', averageTicket: '평균 객단가',
    restaurants: '식당', restaurant: '식당', cuisine: '요리',
    cancellationRate: '취소', averageDelivery: '배달 (분)', p90Delivery: 'p90 (분)', rating: '평점',
    orderTrends: '주문 추이 (주문 {orders}건)', byHour: '시간대별 주문', byWeekday: '요일별 주문',
    merchantOption: '{name} · {category} · 판매 {sales}건 · 이상 표시 {flags}건', merchantDetails: '가맹점 정보', category: '분류', timeZone: '시간대',
    salesCount: '판매', flags: '이상 거래 표시', flagsOnChart: '이상 거래 표시 {count}건이 선 위에 마름모로 그려져 있습니다',
    flagsHeading: '차트의 이상 거래 표시 ({count}건)', noFlags: '이 기간에는 이상 거래 표시가 없습니다.', flagTitle: '{day}의 {rule}',
    rule: '규칙', subject: '대상', at: '시각', flagEvents: '이 표시의 근거가 된 이벤트', sequence: '순번', eventType: '이벤트 종류', time: '시각',
    actor: '행위자', source: '출처', data: '데이터',
    rule_DUPLICATE_SALE: '중복 결제', rule_AMOUNT_OUTLIER: '이례적인 금액', rule_REFUND_OVER_REMAINING: '남은 금액보다 큰 환불',
    rule_TICKET_SHIFT: '평균 객단가 급변', rule_REPEATED_AMOUNT: '같은 금액 세 번 연속', rule_IMPLAUSIBLE_DELIVERY: '있을 수 없는 배달',
    deadLetters: '처리하지 못한 메시지', deadLettersHelp: '수집 과정에서 저장하지 못한 Kafka 메시지입니다(받은 그대로). 원인을 고친 뒤 원래 토픽으로 다시 보내세요.',
    deadLetterAt: '보관 위치, 시각', cameFrom: '원래 위치', message: '설명', key: '키', value: '값', replay: '다시 보내기',
    replayOne: '{where} 메시지 다시 보내기', replayed: '{from} 메시지를 {to}(으)로 다시 보냈습니다.', replayedTimes: '{count}번 다시 보냄, 마지막 {at}, {by}', refresh: '새로 고침', valueBytes: '전체 {bytes}바이트',
    ingestOff: '이 서버에서는 Kafka 수집이 꺼져 있습니다(Es:Kafka:Enabled=false). 처리하지 못한 메시지가 없습니다.', noDeadLetters: '{topics}에 처리하지 못한 메시지가 없습니다.',
  },
};

const storageKey = 'es-console-locale';
let current = localStorage.getItem(storageKey) ?? (navigator.language?.startsWith('ko') ? 'ko' : 'en');
if (!labels[current]) current = 'en';

export const timeZone = 'Asia/Seoul';

/** 'en' or 'ko'. */
export function locale() { return current; }

/** The BCP 47 tag the formatters use. */
export function localeTag() { return current === 'ko' ? 'ko-KR' : 'en-GB'; }

export function setLocale(value) {
  current = labels[value] ? value : 'en';
  localStorage.setItem(storageKey, current);
  document.documentElement.lang = current;
}

/** The label for key in the current language, with {name} placeholders filled in. */
export function t(key, params = {}) {
  const text = labels[current][key] ?? labels.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

export const format = {
  localeTag,
  number: (value, digits = 0) => new Intl.NumberFormat(localeTag(), { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value),
  fixed: (value, digits) => new Intl.NumberFormat(localeTag(), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value),
  percent: (value) => new Intl.NumberFormat(localeTag(), { style: 'percent', maximumFractionDigits: 1 }).format(value),
  date: (iso) => new Intl.DateTimeFormat(localeTag(), { dateStyle: 'medium', timeZone }).format(new Date(iso)),
  dateTime: (iso) => new Intl.DateTimeFormat(localeTag(), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso)),
  time: (date) => new Intl.DateTimeFormat(localeTag(), { timeStyle: 'medium', timeZone }).format(date),
  /** A YYYY-MM-DD day as a date of the locale (the day itself, not an instant). */
  day: (day) => new Intl.DateTimeFormat(localeTag(), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)),
  month: (month) => new Intl.DateTimeFormat(localeTag(), { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`)),
};

/** Seoul's calendar: today as YYYY-MM-DD, this ISO week as YYYY-Www, a month as YYYY-MM. */
export const seoul = {
  today(now = new Date()) {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  },
  addDays(day, days) {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  },
  isoWeek(day) {
    const d = new Date(`${day}T00:00:00Z`);
    const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
    d.setUTCDate(d.getUTCDate() - weekday + 3); // the week's Thursday decides its year
    const year = d.getUTCFullYear();
    const firstThursday = new Date(Date.UTC(year, 0, 4));
    firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
    const week = 1 + Math.round((d - firstThursday) / (7 * 86400000));
    return `${year}-W${String(week).padStart(2, '0')}`;
  },
  /** The last n months up to the one of day, oldest first, as YYYY-MM. */
  months(day, n) {
    const [y, m] = day.split('-').map(Number);
    return Array.from({ length: n }, (_, i) => {
      const d = new Date(Date.UTC(y, m - 1 - (n - 1 - i), 1));
      return d.toISOString().slice(0, 7);
    });
  },
};
