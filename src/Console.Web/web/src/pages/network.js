import { request, isAdministrator, ApiError } from '../api.js';
import { h, table, alert } from '../dom.js';
import { t, format } from '../i18n.js';
import { drawGraph, kindColours } from '../graph.js';

const kindsText = (kinds) => kinds.map((k) => t(`kind_${k}`)).join(', ');

function legend() {
  return h('ul', { class: 'legend', 'aria-label': t('kinds') },
    Object.keys(kindColours).map((k) => h('li', {}, h('span', { class: `swatch ${k}`, 'aria-hidden': 'true' }), t(`kind_${k}`))),
    h('li', {}, h('span', { class: 'swatch suggestion', 'aria-hidden': 'true' }), t('suggestion')));
}

export async function render(main) {
  main.append(h('h1', {}, t('myNetwork')));
  const data = await request('MyNetwork', { limit: 50 });
  const me = data.me;
  const network = me.network;
  const graph = network.graph;
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  // Suggestions are two hops away: drawn with dashed links to the neighbours in between.
  const suggested = network.suggestions.nodes.filter((s) => s.member && !nodeIds.has(s.member.id));
  const via = new Map(network.twoHop.nodes.filter((x) => x.member).map((x) => [x.member.id, x.via.map((v) => v.id)]));
  const drawing = {
    nodes: [
      ...graph.nodes.map((n) => ({ ...n, me: n.id === me.id })),
      ...suggested.map((s) => ({ id: s.member.id, label: s.member.displayName, region: s.member.region, suggestion: true })),
    ],
    edges: [
      ...graph.edges,
      ...suggested.flatMap((s) => (via.get(s.member.id) ?? []).filter((v) => nodeIds.has(v))
        .map((v) => ({ source: v, target: s.member.id, weight: 0, kinds: [], suggestion: true }))),
    ],
  };
  const container = h('div', { id: 'network-graph', class: 'graph' });
  main.append(legend(), container);
  drawGraph(container, drawing, t('networkDrawing'));

  main.append(h('h2', {}, t('neighbours')));
  const neighbours = network.neighbours.nodes.filter((n) => n.member);
  main.append(neighbours.length === 0 ? h('p', {}, t('noNeighbours')) : table(t('neighbours'),
    [t('member'), t('region'), { text: t('weight'), num: true }, t('kinds'), t('lastInteraction')],
    neighbours.map((n) => [n.member.displayName, n.member.region, { text: format.fixed(n.weight, 2), num: true, value: n.weight },
      n.kinds.map((k) => `${t(`kind_${k.kind}`)} ${format.number(k.count)}`).join(', '), format.dateTime(n.lastInteractionAt)]),
    { id: 'neighbours' }));

  main.append(h('h2', {}, t('suggestions')));
  const suggestions = network.suggestions.nodes.filter((s) => s.member);
  main.append(suggestions.length === 0 ? h('p', {}, t('noSuggestions')) : table(t('suggestions'),
    [t('member'), t('region'), t('reason'), { text: t('sharedNeighbours'), num: true }],
    suggestions.map((s) => [s.member.displayName, s.member.region, s.reason, { text: format.number(s.sharedNeighbours), num: true, value: s.sharedNeighbours }]),
    { id: 'suggestions' }));

  await regionSection(main, me.region);
}

/** A region's graph: organisers look at their own region; administrators at any. */
async function regionSection(main, ownRegion) {
  main.append(h('h2', {}, t('regionGraph')));
  const section = h('section', { 'aria-label': t('regionGraph') });
  main.append(section);
  let regions = [ownRegion];
  if (isAdministrator()) {
    const all = await request('Community', {}).catch(() => null);
    regions = [...new Set([ownRegion, ...(all?.regions ?? []).map((r) => r.name)])];
  }
  const select = h('select', { id: 'region-graph-region' }, regions.map((r) => h('option', { value: r }, r)));
  const body = h('div', {});
  const show = async () => {
    body.replaceChildren();
    const region = select.value;
    try {
      const { regionGraph } = await request('RegionGraph', { region, limit: 100 });
      const container = h('div', { id: 'region-graph', class: 'graph' });
      body.append(container,
        table(t('links'), [t('member'), t('member'), { text: t('weight'), num: true }, t('kinds')],
          regionGraph.edges.map((e) => {
            const name = (id) => regionGraph.nodes.find((n) => n.id === id)?.label ?? id;
            return [name(e.source), name(e.target), { text: format.fixed(e.weight, 2), num: true, value: e.weight }, kindsText(e.kinds)];
          }), { id: 'region-links' }));
      drawGraph(container, regionGraph, t('regionGraphDrawing', { region }));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'FORBIDDEN') body.append(alert(t('regionGraphForbidden', { region })));
      else throw error;
    }
  };
  section.append(h('div', { class: 'row' }, h('div', {}, h('label', { for: 'region-graph-region' }, t('region')), select),
    h('button', { type: 'button', onclick: show }, t('show'))), body);
  await show();
}
