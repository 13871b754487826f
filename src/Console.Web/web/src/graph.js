// Force-directed drawings of the social graph with cytoscape (its CoSE layout): node per member,
// edge width by weight, colour by the first kind of interaction; suggestions drawn apart (dashed).
import cytoscape from 'cytoscape';

export const kindColours = { LIKE: '#0072b2', COMMENT: '#d55e00', MEETUP: '#009e73', CHAT: '#cc79a7' };

/**
 * graph: { nodes: [{ id, label, region, me?, suggestion? }], edges: [{ source, target, weight, kinds, suggestion? }] }.
 * Returns the cytoscape instance (also at element.cy, where the tests read what was drawn).
 */
export function drawGraph(element, graph, label) {
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', label);
  const maxWeight = Math.max(1, ...graph.edges.map((e) => e.weight));
  const cy = cytoscape({
    container: element,
    elements: [
      ...graph.nodes.map((n) => ({ data: { id: n.id, label: n.label, region: n.region }, classes: [n.me && 'me', n.suggestion && 'suggestion'].filter(Boolean).join(' ') })),
      ...graph.edges.map((e, i) => ({
        data: { id: `e${i}`, source: e.source, target: e.target, weight: e.weight, width: 2 + 8 * (e.weight / maxWeight),
          colour: e.suggestion ? '#e69f00' : kindColours[e.kinds?.[0]] ?? '#000', kinds: (e.kinds ?? []).join(', ') },
        classes: e.suggestion ? 'suggestion' : '',
      })),
    ],
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 20, 'font-weight': 'bold', color: '#000', 'text-valign': 'bottom', 'text-margin-y': 6,
        'background-color': '#fff', 'border-width': 3, 'border-color': '#000', width: 34, height: 34,
        'text-background-color': '#fff', 'text-background-opacity': 0.85, 'text-background-padding': 2 } },
      { selector: 'node.me', style: { 'background-color': '#000', width: 46, height: 46 } },
      { selector: 'node.suggestion', style: { 'background-color': '#e69f00', 'border-style': 'dashed', 'border-width': 4 } },
      { selector: 'edge', style: { width: 'data(width)', 'line-color': 'data(colour)', 'curve-style': 'bezier', opacity: 0.9 } },
      { selector: 'edge.suggestion', style: { 'line-style': 'dashed', width: 3 } },
      { selector: ':selected', style: { 'border-color': '#ffbf00', 'border-width': 6 } },
    ],
    layout: { name: 'cose', animate: false, randomize: true, nodeRepulsion: () => 1_000_000, idealEdgeLength: () => 160,
      nodeOverlap: 40, componentSpacing: 120, gravity: 40, numIter: 2500, padding: 60 },
    wheelSensitivity: 0.3,
    minZoom: 0.3,
    maxZoom: 3,
  });
  // Fit the drawing, but never larger than life: a small network would otherwise fill the box with giant labels.
  cy.fit(undefined, 60);
  if (cy.zoom() > 1) { cy.zoom(1); cy.center(); }
  element.cy = cy;
  return cy;
}
