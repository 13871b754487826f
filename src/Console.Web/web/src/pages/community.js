import { request, isAdministrator } from '../api.js';
import { h, table, alert } from '../dom.js';
import { t, format, seoul } from '../i18n.js';
import { chart, axisText } from '../charts.js';

const activityKinds = ['POST', 'COMMENT', 'LIKE_GIVEN', 'LIKE_RECEIVED', 'MEETUP_HOSTED', 'MEETUP_JOINED', 'MESSAGE_SENT'];

export async function render(main, { me }) {
  main.append(h('h1', {}, t('community')));
  const today = seoul.today();
  const week = seoul.isoWeek(today);
  const data = await request('Community', { week, day: today });

  // Member of the week, with the breakdown of each score ("why am I here").
  main.append(h('h2', { id: 'week' }, t('membersOfTheWeek', { week })));
  const ranking = data.membersOfTheWeek.filter((m) => m.member);
  if (ranking.length === 0) main.append(h('p', {}, t('nobodyThisWeek')));
  else {
    const bars = h('div', { class: 'chart', id: 'week-chart' });
    main.append(bars, table(t('membersOfTheWeek', { week }),
      [{ text: t('rank'), num: true }, t('member'), t('region'), { text: t('score'), num: true }, { text: t('activeDays'), num: true }, t('breakdown')],
      ranking.map((m) => [{ text: format.number(m.rank), num: true, value: m.rank }, m.member.displayName, m.member.region,
        { text: format.number(m.score, 2), num: true, value: m.score }, { text: format.number(m.activeDays), num: true, value: m.activeDays },
        h('details', {}, h('summary', {}, t('breakdown')), table(t('breakdown'),
          [t('activity'), { text: t('count'), num: true }, { text: t('counted'), num: true }, { text: t('cap'), num: true }, { text: t('weight'), num: true }, { text: t('points'), num: true }],
          m.breakdown.map((b) => [t(`act_${b.kind}`), { text: format.number(b.count), num: true }, { text: format.number(b.counted), num: true },
            { text: format.number(b.cap), num: true }, { text: format.number(b.weight, 2), num: true }, { text: format.number(b.points, 2), num: true }])))]),
      { id: 'members-of-the-week' }));
    const names = ranking.map((m) => m.member.displayName).reverse();
    chart(bars, {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, textStyle: axisText },
      grid: { left: 10, right: 20, top: 70, bottom: 10, containLabel: true },
      xAxis: { type: 'value', axisLabel: axisText },
      yAxis: { type: 'category', data: names, axisLabel: axisText },
      series: activityKinds.map((kind) => ({
        name: t(`act_${kind}`), type: 'bar', stack: 'score',
        data: [...ranking].reverse().map((m) => m.breakdown.find((b) => b.kind === kind)?.points ?? 0),
      })),
    }, t('membersOfTheWeek', { week }));
  }

  // Returning members: a cohort heatmap over the last six months (administrators' figures).
  main.append(h('h2', {}, t('returningMembers')), h('p', { class: 'note' }, `${t('returningHelp')} ${t('heatmapAxes')}`));
  if (isAdministrator()) await cohorts(main, today);
  else main.append(h('p', { class: 'note', id: 'cohorts-admins-only' }, t('adminsOnly')));

  // Trending tags of the day and the series of one.
  main.append(h('h2', {}, t('trendingTags', { day: format.day(today) })));
  const seriesBox = h('div', {});
  if (data.trendingTags.length === 0) main.append(h('p', {}, t('noTrending')));
  else {
    main.append(table(t('trendingTags', { day: format.day(today) }),
      [t('tag'), { text: t('mentions'), num: true }, { text: t('trailingAverage'), num: true }, { text: t('score'), num: true }],
      data.trendingTags.map((tag) => [
        h('button', { type: 'button', class: 'secondary', onclick: () => series(seriesBox, tag.tag, today) }, `#${tag.tag}`),
        { text: format.number(tag.mentions), num: true, value: tag.mentions },
        { text: format.number(tag.trailingAverage, 2), num: true, value: tag.trailingAverage },
        { text: format.number(tag.score, 2), num: true, value: tag.score }]),
      { id: 'trending-tags' }), seriesBox);
    await series(seriesBox, data.trendingTags[0].tag, today);
  }

  // A region's view, with its polls' results.
  main.append(h('h2', {}, t('regionView')));
  const regionNames = [...new Set([me?.region, ...data.regions.map((r) => r.name)].filter(Boolean))];
  const select = h('select', { id: 'region-view-region' }, regionNames.map((r) => h('option', { value: r }, r)));
  const regionBox = h('div', {});
  select.addEventListener('change', () => region(regionBox, select.value));
  main.append(h('div', {}, h('label', { for: 'region-view-region' }, t('region')), select), regionBox);
  await region(regionBox, select.value);
}

async function cohorts(main, today) {
  const months = seoul.months(today, 6);
  const data = await request('ReturningMembers', Object.fromEntries(months.map((m, i) => [`m${i}`, m])));
  const signups = [...new Set(months.flatMap((_, i) => data[`m${i}`].map((c) => c.signupMonth)))].sort();
  const cells = months.flatMap((month, x) => data[`m${x}`].map((c) => [x, signups.indexOf(c.signupMonth), c.share, c]));
  const box = h('div', { class: 'chart', id: 'cohort-heatmap' });
  main.append(box, table(t('returningMembers'),
    [t('month'), t('signupMonth'), { text: t('members'), num: true }, { text: t('returning'), num: true }, { text: t('share'), num: true }],
    cells.map(([x, , , c]) => [format.month(months[x]), format.month(c.signupMonth), { text: format.number(c.members), num: true, value: c.members },
      { text: format.number(c.returning), num: true, value: c.returning }, { text: format.percent(c.share), num: true, value: c.share }]),
    { id: 'cohorts' }));
  chart(box, {
    tooltip: { formatter: (p) => `${format.month(signups[p.value[1]])} → ${format.month(months[p.value[0]])}: ${format.percent(p.value[2])}` },
    grid: { left: 10, right: 20, top: 20, bottom: 70, containLabel: true },
    xAxis: { type: 'category', data: months.map(format.month), axisLabel: axisText },
    yAxis: { type: 'category', data: signups.map(format.month), axisLabel: axisText },
    visualMap: { min: 0, max: 1, calculable: false, text: [format.percent(1), format.percent(0)], orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#ffffff', '#0072b2'] }, textStyle: axisText },
    series: [{ type: 'heatmap', data: cells.map(([x, y, v]) => [x, y, v]), label: { show: true, fontSize: 16, formatter: (p) => format.percent(p.value[2]) } }],
  }, t('returningMembers'));
}

async function series(box, tag, today) {
  box.replaceChildren();
  const from = seoul.addDays(today, -29);
  const { tagSeries } = await request('TagSeries', { tag, from, to: today });
  const element = h('div', { class: 'chart small', id: 'tag-series' });
  box.append(h('h3', {}, t('tagSeries', { tag })), element);
  chart(element, {
    tooltip: { trigger: 'axis' },
    grid: { left: 10, right: 20, top: 20, bottom: 10, containLabel: true },
    xAxis: { type: 'category', data: tagSeries.map((d) => format.day(d.day)), axisLabel: axisText },
    yAxis: { type: 'value', minInterval: 1, axisLabel: axisText },
    series: [{ type: 'line', name: t('mentions'), data: tagSeries.map((d) => d.mentions), lineStyle: { width: 3 }, symbolSize: 8 }],
  }, t('tagSeries', { tag }));
  element.dataset.total = String(tagSeries.reduce((s, d) => s + d.mentions, 0));
}

const suppressed = (count) => ({ text: count.display, num: true, value: count.value ?? count.display });

async function region(box, name) {
  box.replaceChildren();
  const { region: r } = await request('RegionView', { name });
  const figure = (label, count, id) => h('li', { id }, h('span', { class: 'value', dataset: { value: String(count.value ?? count.display) } }, count.display), label);
  box.append(h('ul', { class: 'figures', id: 'region-figures' },
    figure(t('regionMembers'), r.members, 'region-members'), figure(t('activeThisMonth'), r.activeMembersThisMonth, 'region-active'),
    figure(t('posts'), r.posts, 'region-posts'), figure(t('meetups'), r.meetups, 'region-meetups')));
  if (r.conditions.length) {
    box.append(table(t('conditions'), [t('condition'), { text: t('members'), num: true }],
      r.conditions.map((c) => [c.name, suppressed(c.count)]), { id: 'region-conditions' }));
  }
  for (const [title, polls, id] of [[t('openPolls'), r.openPolls, 'open-polls'], [t('closedPolls'), r.closedPolls, 'closed-polls']]) {
    box.append(h('h3', {}, title));
    const list = h('div', { id });
    box.append(list);
    if (polls.length === 0) { list.append(h('p', {}, t('noPolls'))); continue; }
    for (const turnout of polls.filter((p) => p.poll)) {
      const poll = turnout.poll;
      const element = h('div', { class: 'chart small' });
      list.append(h('section', { class: 'poll', 'aria-label': poll.question, dataset: { poll: poll.id } },
        h('h4', {}, poll.question),
        h('p', {}, `${t('voters')}: ${turnout.voters.display} · ${t('turnout')}: ${turnout.turnout == null ? '—' : format.percent(turnout.turnout)} · ${t('closes')}: ${format.dateTime(poll.closesAt)}`),
        element,
        table(poll.question, [t('option'), { text: t('votes'), num: true }],
          poll.options.map((o) => [o.text, { text: format.number(o.votes), num: true, value: o.votes }]), { class: 'poll-results' })));
      chart(element, {
        grid: { left: 10, right: 30, top: 10, bottom: 10, containLabel: true },
        xAxis: { type: 'value', minInterval: 1, axisLabel: axisText },
        yAxis: { type: 'category', data: poll.options.map((o) => o.text).reverse(), axisLabel: axisText },
        series: [{ type: 'bar', data: poll.options.map((o) => o.votes).reverse(), label: { show: true, position: 'right', fontSize: 16 } }],
      }, poll.question);
    }
  }
}
