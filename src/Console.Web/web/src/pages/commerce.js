// Commerce pages for analysts (administrators and auditors): customers, merchants, delivery.
import { request } from '../api.js';
import { h, table, alert } from '../dom.js';
import { t, format } from '../i18n.js';
import { chart, axisText } from '../charts.js';

const money = (value, currency) => (value == null ? '—' : currency
  ? new Intl.NumberFormat(format.localeTag(), { style: 'currency', currency }).format(value) : format.number(value, 2));

export const customers = {
  async render(main) {
    main.append(h('h1', {}, t('customers')));
    const data = await request('Customers', {});
    main.append(h('h2', {}, t('segments')));
    const counted = data.customerSegments.some((s) => s.count > 0);
    const box = h('div', { class: 'chart', id: 'segments-treemap' });
    main.append(counted ? box : h('p', { class: 'note' }, t('noCommerce')), table(t('segments'), [t('segment'), { text: t('count'), num: true }, { text: t('share'), num: true }],
      data.customerSegments.map((s) => [s.segment, { text: format.number(s.count), num: true, value: s.count }, { text: format.percent(s.share), num: true, value: s.share }]),
      { id: 'segments' }));
    if (counted) chart(box, {
      tooltip: { formatter: (p) => `${p.name}: ${format.number(p.value)}` },
      series: [{ type: 'treemap', roam: false, nodeClick: false, breadcrumb: { show: false }, label: { fontSize: 16, lineHeight: 22, formatter: (p) => `${p.name}\n${format.number(p.value)}` },
        data: data.customerSegments.filter((s) => s.count > 0).map((s) => ({ name: s.segment, value: s.count })) }],
    }, t('segments'));

    main.append(h('h2', {}, t('topCustomers')));
    const profile = h('div', { id: 'customer-profile' });
    if (data.topCustomers.length === 0) main.append(h('p', { id: 'no-customers' }, t('noCommerce')));
    else {
      main.append(table(t('topCustomers'), [t('customer'), { text: t('spend'), num: true }, { text: t('orders'), num: true }, t('segment'), { text: t('lifetimeValue'), num: true }],
        data.topCustomers.map((c) => [h('button', { type: 'button', class: 'secondary', onclick: () => showProfile(profile, c.customer) }, c.customer),
          { text: money(c.spend, c.currency), num: true, value: c.spend }, { text: format.number(c.orders), num: true, value: c.orders },
          c.rfm ? `${c.rfm.segment} (${c.rfm.code})` : '—', { text: c.rfm ? money(c.rfm.lifetimeValue, c.currency) : '—', num: true }]),
        { id: 'top-customers' }));
    }
    main.append(profile);
  },
};

async function showProfile(box, token) {
  box.replaceChildren();
  const { customer } = await request('CustomerProfile', { token });
  if (!customer) { box.append(alert(t('noCommerce'))); return; }
  box.append(h('h2', {}, `${t('profile')}: ${customer.token}`),
    table(t('profile'), [t('currency'), { text: t('spend'), num: true }, { text: t('orders'), num: true }, t('segment'), { text: t('lifetimeValue'), num: true }],
      customer.accounts.map((a) => [a.currency, { text: money(a.spend, a.currency), num: true, value: a.spend }, { text: format.number(a.orders), num: true },
        a.rfm ? `${a.rfm.segment} (${a.rfm.code})` : '—', { text: a.rfm ? money(a.rfm.lifetimeValue, a.currency) : '—', num: true }])),
    table(t('history'), [t('day'), t('kind'), t('merchant'), { text: t('net'), num: true }],
      customer.history.nodes.map((p) => [format.dateTime(p.at), p.kind, p.merchant, { text: money(p.net, p.currency), num: true, value: p.net }])));
}

export const merchants = {
  async render(main, { params, navigate }) {
    main.append(h('h1', {}, t('merchants')));
    const all = await allMerchants();
    if (all.length === 0) { main.append(h('p', { id: 'no-merchants' }, t('noCommerce'))); return; }
    // By name for people; the busiest merchant first when none was asked for.
    const sorted = [...all].sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id, format.localeTag()));
    const busiest = all.reduce((best, m) => (m.sales > best.sales ? m : best), all[0]);
    const chosen = all.find((m) => m.id === params.get('merchant')) ?? busiest;
    const select = h('select', { id: 'merchant-select' }, sorted.map((m) => h('option', { value: m.id, selected: m.id === chosen.id },
      t('merchantOption', { name: m.name ?? m.id, category: m.category ?? '—', sales: format.number(m.sales), flags: format.number(m.flags) }))));
    const form = h('form', { class: 'row', novalidate: true }, h('div', {}, h('label', { for: 'merchant-select' }, t('merchant')), select),
      h('button', { type: 'submit' }, t('show')));
    form.addEventListener('submit', (event) => { event.preventDefault(); navigate('merchants', { merchant: select.value }); });
    main.append(form);
    main.append(table(t('merchantDetails'), [t('merchantId'), t('name'), t('category'), t('timeZone'), { text: t('salesCount'), num: true },
      { text: t('orders'), num: true }, { text: t('flags'), num: true }],
    [[chosen.id, chosen.name ?? '—', chosen.category ?? '—', chosen.timeZone ?? '—', { text: format.number(chosen.sales), num: true, value: chosen.sales },
      { text: format.number(chosen.orders), num: true, value: chosen.orders }, { text: format.number(chosen.flags), num: true, value: chosen.flags }]],
    { id: 'merchant-details' }));
    const box = h('div', { id: 'merchant-ticket', dataset: { merchant: chosen.id } });
    main.append(box);
    await ticket(box, chosen.id);
  },
};

/** Every merchant, a page of 100 at a time. */
async function allMerchants() {
  const merchants = [];
  let after = null;
  for (let page = 0; page < 20; page++) {
    const { merchants: list } = await request('Merchants', { after });
    merchants.push(...list.nodes);
    if (!list.pageInfo.hasNextPage) break;
    after = list.pageInfo.endCursor;
  }
  return merchants;
}

/** The merchant's flags of the local days from..to, every page. */
async function flagsOf(merchantId, from, to) {
  const flags = [];
  let after = null;
  for (let page = 0; page < 10; page++) {
    const { anomalies } = await request('MerchantAnomalies', { merchantId, from, to, after });
    flags.push(...anomalies.nodes);
    if (!anomalies.pageInfo.hasNextPage) break;
    after = anomalies.pageInfo.endCursor;
  }
  return flags;
}

const ruleLabel = (rule) => t(`rule_${rule}`);

async function ticket(box, merchantId) {
  const data = await request('MerchantTicket', { merchantId });
  const daily = data.daily;
  const flags = await flagsOf(merchantId, daily.from, daily.to);
  const detail = h('div', { id: 'flag-detail', 'aria-live': 'polite' });
  const show = (flag) => showFlag(detail, flag);
  for (const [key, title] of [['daily', t('dailyTicket')], ['weekly', t('weeklyTicket')]]) {
    const series = data[key];
    const element = h('div', { class: 'chart', id: `ticket-${key}` });
    box.append(h('h2', {}, `${title} (${series.currency ?? '—'})`), element);
    const labels = series.periods.map((p) => format.day(p.start));
    const option = {
      tooltip: { trigger: 'axis' },
      grid: { left: 10, right: 20, top: 20, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: labels, axisLabel: axisText },
      yAxis: { type: 'value', axisLabel: axisText },
      series: [{ type: 'line', name: t('averageTicket'), connectNulls: false, data: series.periods.map((p) => p.averageTicket), lineStyle: { width: 3 } }],
    };
    if (key === 'daily') {
      // Each flag a marker on its day, at the day's average (0 on a day without sales); flags of one day stacked upwards.
      const average = new Map(series.periods.map((p) => [p.start, p.averageTicket ?? 0]));
      const perDay = new Map();
      option.series.push({
        id: 'flags', type: 'scatter', name: t('flags'), symbol: 'diamond', symbolSize: 18, z: 5,
        itemStyle: { color: '#d55e00', borderColor: '#000', borderWidth: 2 },
        tooltip: { trigger: 'item', textStyle: { fontSize: 16, color: '#000' }, formatter: (p) => `${ruleLabel(flags[p.data.flag].rule)}<br>${format.day(flags[p.data.flag].day)}` },
        data: flags.map((f, i) => {
          const n = perDay.get(f.day) ?? 0;
          perDay.set(f.day, n + 1);
          return { value: [format.day(f.day), average.get(f.day) ?? 0], flag: i, symbolOffset: [0, -n * 20] };
        }),
      });
      option.tooltip = { trigger: 'item' };
    }
    const instance = chart(element, option, key === 'daily' ? `${title}: ${t('flagsOnChart', { count: format.number(flags.length) })}` : title);
    if (key === 'daily') {
      instance.on('click', (p) => { if (p.seriesId === 'flags') show(flags[p.data.flag]); });
      box.append(h('h3', { id: 'flags-heading' }, t('flagsHeading', { count: format.number(flags.length) })),
        flags.length === 0 ? h('p', { id: 'no-flags', class: 'note' }, t('noFlags'))
          : h('ul', { id: 'flag-list', class: 'flag-list', 'aria-labelledby': 'flags-heading' }, flags.map((f) => h('li', {},
            h('button', { type: 'button', class: 'secondary', dataset: { flag: f.id }, onclick: () => show(f) },
              `${format.day(f.day)} · ${ruleLabel(f.rule)}${f.score == null ? '' : ` · ${format.number(f.score, 2)}`}`)))),
        detail);
    }
    box.append(table(title, [t('day'), { text: t('transactions'), num: true }, { text: t('averageTicket'), num: true }],
      series.periods.map((p) => [format.day(p.start), { text: format.number(p.transactions), num: true, value: p.transactions },
        { text: money(p.averageTicket, series.currency), num: true, value: p.averageTicket ?? '' }]), { id: `ticket-${key}-table` }));
  }
}

/** A flag's rule, reason and score, and the events behind it (explain). */
function showFlag(box, flag) {
  box.replaceChildren(
    h('h3', {}, t('flagTitle', { rule: ruleLabel(flag.rule), day: format.day(flag.day) })),
    h('dl', { class: 'flag-facts', dataset: { flag: flag.id } },
      h('dt', {}, t('rule')), h('dd', { id: 'flag-rule' }, `${ruleLabel(flag.rule)} (${flag.rule})`),
      h('dt', {}, t('reason')), h('dd', { id: 'flag-reason' }, flag.reason),
      h('dt', {}, t('score')), h('dd', { id: 'flag-score' }, flag.score == null ? '—' : format.number(flag.score, 3)),
      h('dt', {}, t('subject')), h('dd', {}, flag.subject),
      h('dt', {}, t('at')), h('dd', {}, format.dateTime(flag.at))),
    table(t('flagEvents'), [{ text: t('sequence'), num: true }, t('eventType'), t('time'), t('actor'), t('source'), t('data')],
      flag.events.map((e) => [{ text: e.sequence, num: true, value: e.sequence }, e.type, format.dateTime(e.recordedAt), e.actor ?? '—', e.source ?? '—',
        h('code', { class: 'event-data' }, JSON.stringify(e.data))]), { id: 'flag-events' }));
  box.querySelector('h3').setAttribute('tabindex', '-1');
  box.querySelector('h3').focus();
}

export const delivery = {
  async render(main) {
    main.append(h('h1', {}, t('delivery')));
    const data = await request('Delivery', {});
    main.append(h('h2', {}, t('restaurants')));
    main.append(data.restaurants.length === 0 ? h('p', { id: 'no-restaurants' }, t('noCommerce')) : table(t('restaurants'),
      [{ text: t('rank'), num: true }, t('restaurant'), t('cuisine'), { text: t('orders'), num: true }, { text: t('cancellationRate'), num: true },
        { text: t('averageDelivery'), num: true }, { text: t('p90Delivery'), num: true }, { text: t('rating'), num: true }],
      data.restaurants.map((r) => [{ text: format.number(r.rank), num: true }, r.name ?? r.restaurantId, r.cuisine ?? '—',
        { text: format.number(r.figures.orders), num: true, value: r.figures.orders },
        { text: r.figures.cancellationRate == null ? '—' : format.percent(r.figures.cancellationRate), num: true },
        { text: r.figures.averageDeliveryMinutes == null ? '—' : format.number(r.figures.averageDeliveryMinutes, 1), num: true },
        { text: r.figures.p90DeliveryMinutes == null ? '—' : format.number(r.figures.p90DeliveryMinutes, 1), num: true },
        { text: r.figures.averageRating == null ? '—' : format.number(r.figures.averageRating, 2), num: true }]), { id: 'restaurants' }));
    main.append(h('h2', {}, t('orderTrends', { orders: format.number(data.orderTrends.orders) })));
    const byHour = h('div', { class: 'chart small', id: 'orders-by-hour' });
    const byWeekday = h('div', { class: 'chart small', id: 'orders-by-weekday' });
    main.append(h('h3', {}, t('byHour')), byHour, h('h3', {}, t('byWeekday')), byWeekday,
      table(t('byWeekday'), [t('day'), { text: t('orders'), num: true }],
        data.orderTrends.byWeekday.map((d) => [d.name, { text: format.number(d.orders), num: true, value: d.orders }]), { id: 'orders-weekday' }));
    const bars = (element, labels, values, label) => chart(element, {
      tooltip: { trigger: 'axis' }, grid: { left: 10, right: 20, top: 20, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: labels, axisLabel: axisText }, yAxis: { type: 'value', minInterval: 1, axisLabel: axisText },
      series: [{ type: 'bar', data: values }],
    }, label);
    bars(byHour, data.orderTrends.byHour.map((x) => String(x.hour)), data.orderTrends.byHour.map((x) => x.orders), t('byHour'));
    bars(byWeekday, data.orderTrends.byWeekday.map((x) => x.name), data.orderTrends.byWeekday.map((x) => x.orders), t('byWeekday'));
  },
};
