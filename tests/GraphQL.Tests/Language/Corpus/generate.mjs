// Regenerates parser-corpus.json from graphql-js 17 (npm `graphql`): for every input, either the
// canonical AST (with locations) and the printed document, or the syntax error and its location.
// Run: npm i graphql@17 && node generate.mjs > parser-corpus.json
import { parse, print } from 'graphql';
import { inputs } from './inputs.mjs';

const listKeys = new Set(['definitions', 'variableDefinitions', 'directives', 'selections', 'arguments', 'values',
  'fields', 'interfaces', 'types', 'operationTypes', 'locations']);
const scalarKeys = ['value', 'block', 'operation', 'repeatable'];
const nodeKeys = {
  Name: [], Document: ['definitions'],
  OperationDefinition: ['description', 'name', 'variableDefinitions', 'directives', 'selectionSet'],
  VariableDefinition: ['description', 'variable', 'type', 'defaultValue', 'directives'],
  Variable: ['name'], SelectionSet: ['selections'], Field: ['alias', 'name', 'arguments', 'directives', 'selectionSet'],
  Argument: ['name', 'value'], FragmentSpread: ['name', 'directives'], InlineFragment: ['typeCondition', 'directives', 'selectionSet'],
  FragmentDefinition: ['description', 'name', 'typeCondition', 'directives', 'selectionSet'],
  IntValue: [], FloatValue: [], StringValue: [], BooleanValue: [], NullValue: [], EnumValue: [],
  ListValue: ['values'], ObjectValue: ['fields'], ObjectField: ['name', 'value'], Directive: ['name', 'arguments'],
  NamedType: ['name'], ListType: ['type'], NonNullType: ['type'],
  SchemaDefinition: ['description', 'directives', 'operationTypes'], OperationTypeDefinition: ['type'],
  ScalarTypeDefinition: ['description', 'name', 'directives'],
  ObjectTypeDefinition: ['description', 'name', 'interfaces', 'directives', 'fields'],
  FieldDefinition: ['description', 'name', 'arguments', 'type', 'directives'],
  InputValueDefinition: ['description', 'name', 'type', 'defaultValue', 'directives'],
  InterfaceTypeDefinition: ['description', 'name', 'interfaces', 'directives', 'fields'],
  UnionTypeDefinition: ['description', 'name', 'directives', 'types'],
  EnumTypeDefinition: ['description', 'name', 'directives', 'values'],
  EnumValueDefinition: ['description', 'name', 'directives'],
  InputObjectTypeDefinition: ['description', 'name', 'directives', 'fields'],
  DirectiveDefinition: ['description', 'name', 'arguments', 'directives', 'locations'],
  SchemaExtension: ['directives', 'operationTypes'], DirectiveExtension: ['name', 'directives'],
  ScalarTypeExtension: ['name', 'directives'], ObjectTypeExtension: ['name', 'interfaces', 'directives', 'fields'],
  InterfaceTypeExtension: ['name', 'interfaces', 'directives', 'fields'], UnionTypeExtension: ['name', 'directives', 'types'],
  EnumTypeExtension: ['name', 'directives', 'values'], InputObjectTypeExtension: ['name', 'directives', 'fields'],
};

function canon(node) {
  const out = { kind: node.kind, loc: [node.loc.start, node.loc.end] };
  for (const key of scalarKeys) {
    if (node[key] !== undefined && !(key === 'value' && typeof node[key] === 'object')) out[key] = node[key];
  }
  for (const key of nodeKeys[node.kind]) {
    const child = node[key];
    if (listKeys.has(key) && (node.kind !== 'EnumValue')) out[key] = (child ?? []).map(canon);
    else out[key] = child == null ? null : canon(child);
  }
  return out;
}

// JSON readers refuse lone surrogates, so such sources travel as UTF-16 code units.
const hasLoneSurrogate = (s) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
const sourceOf = (source) => hasLoneSurrogate(source)
  ? { units: Array.from({ length: source.length }, (_, i) => source.charCodeAt(i)) }
  : { source };

const cases = inputs.map((source) => {
  try {
    const ast = parse(source);
    return { ...sourceOf(source), ast: JSON.stringify(canon(ast)), print: print(ast) };
  } catch (e) {
    if (!e.locations) throw e;
    return { ...sourceOf(source), error: e.message, line: e.locations[0].line, column: e.locations[0].column };
  }
});
console.log(JSON.stringify(cases, null, 1));
