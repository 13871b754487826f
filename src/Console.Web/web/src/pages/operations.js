import { request, isAdministrator } from '../api.js';
import { h, table, alert } from '../dom.js';
import { t, format } from '../i18n.js';
import { chart, axisText } from '../charts.js';

const pollMs = 2000;
const keep = 60; // samples on the lag chart: the last two minutes

export async function render(main) {
  main.append(h('h1', {}, t('operations')));
  // The API refuses the query to anyone else too; this only spares a member the round trip.
  if (!isAdministrator()) {
    main.append(alert(t('forbidden')));
    return undefined;
  }
  main.append(h('h2', {}, t('projections')), h('p', { class: 'note' }, t('projectionsHelp')));
  const updated = h('p', { id: 'projections-updated', class: 'note', 'aria-live': 'off' });
  const tableBox = h('div', { id: 'projections-table' });
  const lagBox = h('div', { class: 'chart', id: 'lag-chart' });
  main.append(updated, tableBox, h('h2', {}, t('lagChart')), lagBox);
  const samples = [];
  const lagChart = chart(lagBox, {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0, textStyle: axisText },
    grid: { left: 10, right: 20, top: 50, bottom: 10, containLabel: true },
    xAxis: { type: 'category', data: [], axisLabel: axisText },
    yAxis: { type: 'value', minInterval: 1, axisLabel: axisText },
    series: [],
  }, t('lagChart'));

  const refresh = async () => {
    const { projections } = await request('Projections');
    const now = new Date();
    samples.push({ at: format.time(now), lags: Object.fromEntries(projections.filter((p) => p.isCurrent).map((p) => [p.name, p.lagEvents])) });
    if (samples.length > keep) samples.shift();
    tableBox.replaceChildren(table(t('projections'),
      [t('name'), { text: t('generation'), num: true }, t('state'), t('mode'), { text: t('lagEvents'), num: true }, { text: t('lagSeconds'), num: true },
        t('progress'), { text: t('eventsPerSecond'), num: true }, t('lastError')],
      projections.map((p) => [
        { text: p.isCurrent ? p.name : `${p.name} (${t('rebuild')})` },
        { text: format.number(p.generation), num: true, value: p.generation },
        h('span', { class: `state-${p.state}` }, p.state),
        p.mode,
        { text: format.number(p.lagEvents), num: true, value: p.lagEvents },
        { text: format.number(p.lagSeconds, 1), num: true, value: p.lagSeconds },
        h('span', {}, h('progress', { max: 1, value: p.progress, 'aria-label': `${t('progress')} ${p.name}` }), ' ', format.percent(p.progress)),
        { text: format.number(p.eventsPerSecond, 1), num: true, value: p.eventsPerSecond },
        p.failedEvent ? `${p.lastError ?? ''} (${p.failedEvent.eventType} #${format.number(p.failedEvent.sequence)})` : (p.lastError ?? ''),
      ]), { id: 'projections' }));
    updated.textContent = t('updatedAt', { time: format.time(now) });
    const names = [...new Set(samples.flatMap((s) => Object.keys(s.lags)))].sort();
    lagChart.setOption({
      xAxis: { data: samples.map((s) => s.at) },
      series: names.map((name) => ({ name, type: 'line', showSymbol: false, lineStyle: { width: 3 }, data: samples.map((s) => s.lags[name] ?? null) })),
    });
  };
  await refresh();
  await deadLetters(main);
  let stopped = false;
  const timer = setInterval(() => { if (!stopped) refresh().catch(() => {}); }, pollMs);
  return () => { stopped = true; clearInterval(timer); };
}

/** Kafka ingest's dead letters (read when the page opens and on Refresh; Kafka is not asked every 2 s), each with a Replay button. */
async function deadLetters(main) {
  const status = h('p', { id: 'dead-letter-status', role: 'status' });
  const box = h('div', { id: 'dead-letters-box' });
  const load = async () => {
    const { deadLetters: list } = await request('DeadLetters');
    box.replaceChildren();
    if (!list.ingestEnabled) { box.append(h('p', { id: 'ingest-off', class: 'note' }, t('ingestOff'))); return; }
    if (list.nodes.length === 0) { box.append(h('p', { id: 'no-dead-letters', class: 'note' }, t('noDeadLetters', { topics: list.topics.join(', ') }))); return; }
    box.append(table(t('deadLetters'),
      [t('deadLetterAt'), t('cameFrom'), t('reason'), t('message'), t('key'), t('value'), t('replay')],
      list.nodes.map((l) => [
        { text: h('span', {}, `${l.topic} ${l.partition}/${l.offset}`, h('br'), l.deadLetteredAt ? format.dateTime(l.deadLetteredAt) : '—'),
          value: `${l.topic}/${l.partition}/${l.offset}` },
        `${l.originalTopic} ${l.originalPartition}/${l.originalOffset}`,
        { text: l.field ? `${l.reason} (${l.field})` : l.reason, value: l.reason },
        l.message,
        l.key ?? '—',
        h('code', { class: 'event-data', title: t('valueBytes', { bytes: format.number(l.valueBytes) }) }, l.valuePreview),
        h('span', {},
          h('button', { type: 'button', class: 'secondary', 'aria-label': t('replayOne', { where: `${l.topic} ${l.partition}/${l.offset}` }),
            onclick: (event) => replay(event.currentTarget, l) }, t('replay')),
          ...(l.replays.length === 0 ? [] : [h('br'), h('span', { class: 'replays' }, t('replayedTimes', {
            count: format.number(l.replays.length),
            at: format.dateTime(l.replays[l.replays.length - 1].replayedAt),
            by: l.replays[l.replays.length - 1].replayedBy ?? '—',
          }))])),
      ]), { id: 'dead-letters' }));
  };
  const replay = async (button, letter) => {
    button.disabled = true;
    status.textContent = '';
    try {
      const { replayDeadLetter: to } = await request('ReplayDeadLetter', { topic: letter.topic, partition: letter.partition, offset: letter.offset });
      status.textContent = t('replayed', { from: `${letter.topic} ${letter.partition}/${letter.offset}`, to: `${to.topic} ${to.partition}/${to.offset}` });
      await load(); // the list shows the replay now, with who and when
    } catch (error) {
      status.textContent = t('error', { message: error.message });
    } finally {
      button.disabled = false;
    }
  };
  main.append(h('h2', {}, t('deadLetters')), h('p', { class: 'note' }, t('deadLettersHelp')),
    h('button', { type: 'button', id: 'dead-letters-refresh', class: 'secondary', onclick: () => load().catch((e) => { status.textContent = t('error', { message: e.message }); }) }, t('refresh')),
    status, box);
  // Kafka not answering is shown here; the projections above keep refreshing.
  await load().catch((error) => box.replaceChildren(alert(t('error', { message: error.message }))));
}
