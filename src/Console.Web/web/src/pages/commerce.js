// Commerce pages for analysts (administrators and auditors): customers, merchants, delivery.
// Anomaly flags on the average ticket are not drawn yet: their query has not landed (docs/console.md).
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
      series: [{ type: 'treemap', roam: false, nodeClick: false, breadcrumb: { show: false }, label: { fontSize: 16, formatter: (p) => `${p.name}\n${format.number(p.value)}` },
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
  async render(main) {
    main.append(h('h1', {}, t('merchants')), h('p', { class: 'note' }, t('anomaliesPending')));
    const input = h('input', { id: 'merchant-id', type: 'text', required: true });
    const box = h('div', { id: 'merchant-ticket' });
    const form = h('form', { class: 'row', novalidate: true }, h('div', {}, h('label', { for: 'merchant-id' }, t('merchantId')), input),
      h('button', { type: 'submit' }, t('show')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      box.replaceChildren();
      try { await ticket(box, input.value.trim()); } catch (error) { box.append(alert(t('error', { message: error.message }))); }
    });
    main.append(form, box);
  },
};

async function ticket(box, merchantId) {
  const data = await request('MerchantTicket', { merchantId });
  for (const [key, title] of [['daily', t('dailyTicket')], ['weekly', t('weeklyTicket')]]) {
    const series = data[key];
    const element = h('div', { class: 'chart', id: `ticket-${key}` });
    box.append(h('h2', {}, `${title} (${series.currency ?? '—'})`), element,
      table(title, [t('day'), { text: t('transactions'), num: true }, { text: t('averageTicket'), num: true }],
        series.periods.map((p) => [format.day(p.start), { text: format.number(p.transactions), num: true, value: p.transactions },
          { text: money(p.averageTicket, series.currency), num: true, value: p.averageTicket ?? '' }]), { id: `ticket-${key}-table` }));
    chart(element, {
      tooltip: { trigger: 'axis' },
      grid: { left: 10, right: 20, top: 20, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: series.periods.map((p) => format.day(p.start)), axisLabel: axisText },
      yAxis: { type: 'value', axisLabel: axisText },
      series: [{ type: 'line', name: t('averageTicket'), connectNulls: false, data: series.periods.map((p) => p.averageTicket), lineStyle: { width: 3 } }],
    }, title);
  }
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
