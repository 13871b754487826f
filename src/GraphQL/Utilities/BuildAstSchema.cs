using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Utilities;

/// <summary>Options of <see cref="BuildAstSchema"/>.</summary>
public sealed record BuildSchemaOptions
{
    /// <summary>
    /// Scalars to use for the scalar definitions of the same name, so that a schema from SDL gets
    /// real coercion (e.g. <see cref="CustomScalars.DateTime"/>); others are plain pass-through scalars.
    /// </summary>
    public IReadOnlyList<GraphQLScalarType> Scalars { get; init; } = [];

    /// <summary>Resolvers by type and field name; fields without one use the default resolver.</summary>
    public Func<string, string, FieldResolver?>? Resolvers { get; init; }

    /// <summary>Source streams of subscription fields by type and field name (graphql-js: the field's <c>subscribe</c>).</summary>
    public Func<string, string, SubscriptionResolver?>? Subscribers { get; init; }

    /// <summary>Skip schema validation and SDL validation (graphql-js <c>assumeValid</c>).</summary>
    public bool AssumeValid { get; init; }

    /// <summary>Whether <c>__schema</c> and <c>__type</c> can be queried.</summary>
    public bool Introspection { get; init; } = true;

    /// <summary>Skip SDL validation only (graphql-js <c>assumeValidSDL</c>); the built schema is still validated.</summary>
    public bool AssumeValidSdl { get; init; }
}

/// <summary>
/// Builds a schema from SDL (graphql-js buildASTSchema / buildSchema, spec section 3): type and
/// directive definitions, schema definition, and extensions of types and of the schema defined in
/// the same document. The schema is validated like any other. Without a schema definition the
/// types named Query, Mutation and Subscription are the roots.
/// </summary>
public static class BuildAstSchema
{
    public static GraphQLSchema BuildSchema(string sdl, BuildSchemaOptions? options = null) =>
        Build(Parser.Parse(new Source(sdl)), options);

    public static GraphQLSchema Build(DocumentNode document, BuildSchemaOptions? options = null)
    {
        options ??= new BuildSchemaOptions();
        if (!options.AssumeValid && !options.AssumeValidSdl)
        {
            // graphql-js assertValidSDL: the document itself must follow the SDL rules first.
            var errors = Validation.Validator.ValidateSdl(document);
            if (errors.Count > 0) throw new InvalidSchemaException(errors);
        }
        return new Builder(document, options).Build();
    }

    private sealed class Builder(DocumentNode document, BuildSchemaOptions options)
    {
        private readonly List<TypeDefinitionNode> _typeDefinitions = [];
        private readonly Dictionary<string, List<TypeExtensionNode>> _typeExtensions = [];
        private readonly List<DirectiveDefinitionNode> _directiveDefinitions = [];
        private readonly Dictionary<string, List<DirectiveExtensionNode>> _directiveExtensions = [];
        private readonly List<SchemaExtensionNode> _schemaExtensions = [];
        private readonly Dictionary<string, GraphQLNamedType> _types = [];
        private readonly List<GraphQLError> _errors = [];
        private SchemaDefinitionNode? _schemaDefinition;

        public GraphQLSchema Build()
        {
            Collect();

            var ordered = new List<GraphQLNamedType>();
            foreach (var definition in _typeDefinitions)
            {
                var name = definition.Name.Value;
                if (_types.ContainsKey(name))
                {
                    _errors.Add(Error($"There can be only one type named \"{name}\".", definition.Name));
                    continue;
                }
                var type = Types.Scalars.Specified.FirstOrDefault(s => s.Name == name) ?? CreateType(definition);
                _types[name] = type;
                ordered.Add(type);
            }
            foreach (var (name, extensions) in _typeExtensions)
            {
                if (!_types.ContainsKey(name) && Types.Scalars.Specified.All(s => s.Name != name))
                    _errors.Add(Error($"Cannot extend type \"{name}\" because it is not defined.", extensions[0].Name));
            }

            var directives = _directiveDefinitions.Select(BuildDirective).ToList();
            directives.AddRange(Directives.Specified.Where(s => directives.All(d => d.Name != s.Name)));

            GraphQLNamedType? query = null, mutation = null, subscription = null;
            var operationTypes = (_schemaDefinition?.OperationTypes ?? []).Concat(_schemaExtensions.SelectMany(e => e.OperationTypes));
            foreach (var operationType in operationTypes)
            {
                var type = LookupNamed(operationType.Type);
                switch (operationType.Operation)
                {
                    case OperationType.Query: query = type; break;
                    case OperationType.Mutation: mutation = type; break;
                    default: subscription = type; break;
                }
            }
            if (_schemaDefinition is null)
            {
                // As graphql-js: without a schema definition, the conventional names are the roots.
                query = _types.GetValueOrDefault("Query") ?? query;
                mutation = _types.GetValueOrDefault("Mutation") ?? mutation;
                subscription = _types.GetValueOrDefault("Subscription") ?? subscription;
            }

            // Members are resolved lazily; force them now so unknown types are reported with the rest.
            foreach (var type in ordered) type.Complete();
            if (_errors.Count > 0) throw new InvalidSchemaException(_errors);

            return new GraphQLSchema(query, mutation, subscription, ordered, directives,
                _schemaDefinition?.Description?.Value, options.AssumeValid, options.Introspection, _schemaDefinition, _schemaExtensions);
        }

        private void Collect()
        {
            foreach (var definition in document.Definitions)
            {
                switch (definition)
                {
                    case SchemaDefinitionNode schema:
                        if (_schemaDefinition is not null) _errors.Add(Error("Must provide only one schema definition.", schema));
                        _schemaDefinition ??= schema;
                        break;
                    case SchemaExtensionNode extension:
                        _schemaExtensions.Add(extension);
                        break;
                    case DirectiveDefinitionNode directive:
                        _directiveDefinitions.Add(directive);
                        break;
                    case DirectiveExtensionNode directiveExtension:
                        Add(_directiveExtensions, directiveExtension.Name.Value, directiveExtension);
                        break;
                    case TypeDefinitionNode type:
                        _typeDefinitions.Add(type);
                        break;
                    case TypeExtensionNode extension:
                        Add(_typeExtensions, extension.Name.Value, extension);
                        break;
                }
            }
        }

        private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            list.Add(value);
        }

        private IEnumerable<T> Extensions<T>(string name) where T : TypeExtensionNode =>
            _typeExtensions.TryGetValue(name, out var list) ? list.OfType<T>() : [];

        private GraphQLNamedType CreateType(TypeDefinitionNode definition)
        {
            var name = definition.Name.Value;
            var description = definition.Description?.Value;
            switch (definition)
            {
                case ScalarTypeDefinitionNode scalar:
                {
                    var directives = scalar.Directives.Concat(Extensions<ScalarTypeExtensionNode>(name).SelectMany(e => e.Directives)).ToList();
                    var url = SpecifiedByUrl(directives);
                    var known = options.Scalars.FirstOrDefault(s => s.Name == name);
                    return new GraphQLScalarType(name)
                    {
                        Description = description,
                        AstNode = definition,
                        ExtensionAstNodes = Extensions<ScalarTypeExtensionNode>(name).ToArray(),
                        SpecifiedByUrl = url,
                        Serialize = known?.Serialize ?? (static value => value),
                        ParseValue = known?.ParseValue ?? (static value => value),
                        ParseLiteral = known?.ParseLiteral,
                        ReadsJson = known?.ReadsJson ?? false,
                    };
                }
                case ObjectTypeDefinitionNode obj:
                {
                    var extensions = Extensions<ObjectTypeExtensionNode>(name).ToList();
                    return new GraphQLObjectType(name)
                    {
                        Description = description,
                        AstNode = definition,
                        ExtensionAstNodes = extensions,
                        Fields = () => BuildFields(name, obj.Fields.Concat(extensions.SelectMany(e => e.Fields))),
                        Interfaces = () => obj.Interfaces.Concat(extensions.SelectMany(e => e.Interfaces)).Select(LookupNamed).OfType<GraphQLNamedType>().ToArray(),
                    };
                }
                case InterfaceTypeDefinitionNode iface:
                {
                    var extensions = Extensions<InterfaceTypeExtensionNode>(name).ToList();
                    return new GraphQLInterfaceType(name)
                    {
                        Description = description,
                        AstNode = definition,
                        ExtensionAstNodes = extensions,
                        Fields = () => BuildFields(name, iface.Fields.Concat(extensions.SelectMany(e => e.Fields))),
                        Interfaces = () => iface.Interfaces.Concat(extensions.SelectMany(e => e.Interfaces)).Select(LookupNamed).OfType<GraphQLNamedType>().ToArray(),
                    };
                }
                case UnionTypeDefinitionNode union:
                {
                    var extensions = Extensions<UnionTypeExtensionNode>(name).ToList();
                    return new GraphQLUnionType(name)
                    {
                        Description = description,
                        AstNode = definition,
                        ExtensionAstNodes = extensions,
                        Types = () => union.Types.Concat(extensions.SelectMany(e => e.Types)).Select(LookupNamed).OfType<GraphQLNamedType>().ToArray(),
                    };
                }
                case EnumTypeDefinitionNode enumType:
                {
                    var extensions = Extensions<EnumTypeExtensionNode>(name).ToArray();
                    var values = enumType.Values.Concat(extensions.SelectMany(e => e.Values));
                    return new GraphQLEnumType(name, values.Select(v => new GraphQLEnumValue(v.Name.Value)
                    {
                        Description = v.Description?.Value,
                        DeprecationReason = DeprecationReason(v.Directives),
                        AstNode = v,
                    }))
                    {
                        Description = description,
                        AstNode = definition,
                        ExtensionAstNodes = extensions,
                    };
                }
                case InputObjectTypeDefinitionNode input:
                {
                    var extensions = Extensions<InputObjectTypeExtensionNode>(name).ToList();
                    var directives = input.Directives.Concat(extensions.SelectMany(e => e.Directives));
                    return new GraphQLInputObjectType(name)
                    {
                        Description = description,
                        AstNode = definition,
                        ExtensionAstNodes = extensions,
                        IsOneOf = directives.Any(d => d.Name.Value == "oneOf"),
                        Fields = () => input.Fields.Concat(extensions.SelectMany(e => e.Fields)).Select(f => BuildInputField(f)).ToArray(),
                    };
                }
                default:
                    throw new InvalidOperationException($"Unexpected type definition {definition.Kind}.");
            }
        }

        private GraphQLField[] BuildFields(string typeName, IEnumerable<FieldDefinitionNode> fields) =>
            fields.Select(field => new GraphQLField(field.Name.Value, LookupType(field.Type))
            {
                Description = field.Description?.Value,
                DeprecationReason = DeprecationReason(field.Directives),
                Arguments = field.Arguments.Select(BuildArgument).ToArray(),
                Resolve = options.Resolvers?.Invoke(typeName, field.Name.Value),
                AstNode = field,
                Subscribe = options.Subscribers?.Invoke(typeName, field.Name.Value),
            }).ToArray();

        private GraphQLArgument BuildArgument(InputValueDefinitionNode node) =>
            new(node.Name.Value, LookupType(node.Type))
            {
                Description = node.Description?.Value,
                DeprecationReason = DeprecationReason(node.Directives),
                DefaultLiteral = node.DefaultValue,
                AstNode = node,
            };

        private GraphQLInputField BuildInputField(InputValueDefinitionNode node) =>
            new(node.Name.Value, LookupType(node.Type))
            {
                Description = node.Description?.Value,
                DeprecationReason = DeprecationReason(node.Directives),
                DefaultLiteral = node.DefaultValue,
                AstNode = node,
            };

        private GraphQLDirective BuildDirective(DirectiveDefinitionNode node)
        {
            var locations = new List<DirectiveLocation>();
            foreach (var location in node.Locations)
            {
                if (DirectiveLocations.TryParse(location.Value, out var parsed)) locations.Add(parsed);
                else _errors.Add(Error($"Unexpected directive location \"{location.Value}\".", location));
            }
            var applied = node.Directives.Concat(_directiveExtensions.TryGetValue(node.Name.Value, out var extensions) ? extensions.SelectMany(e => e.Directives) : []);
            return new GraphQLDirective(node.Name.Value, locations, node.Arguments.Select(BuildArgument))
            {
                Description = node.Description?.Value,
                IsRepeatable = node.Repeatable,
                DeprecationReason = DeprecationReason(applied),
                AstNode = node,
            };
        }

        private GraphQLType LookupType(TypeNode node) => node switch
        {
            NonNullTypeNode nonNull => new GraphQLNonNullType(LookupType(nonNull.Type)),
            ListTypeNode list => new GraphQLListType(LookupType(list.Type)),
            NamedTypeNode named => LookupNamed(named) ?? Types.Scalars.String,
            _ => throw new InvalidOperationException($"Unexpected type node {node.Kind}."),
        };

        private GraphQLNamedType? LookupNamed(NamedTypeNode node)
        {
            var name = node.Name.Value;
            var type = _types.GetValueOrDefault(name) ?? Types.Scalars.Specified.FirstOrDefault(s => s.Name == name);
            if (type is null) _errors.Add(Error($"Unknown type \"{name}\".", node));
            return type;
        }

        /// <summary>The reason of an applied <c>@deprecated</c>, with the directive's default when none is written.</summary>
        private static string? DeprecationReason(IEnumerable<DirectiveNode> directives)
        {
            var deprecated = directives.FirstOrDefault(d => d.Name.Value == "deprecated");
            if (deprecated is null) return null;
            var reason = deprecated.Arguments.FirstOrDefault(a => a.Name.Value == "reason");
            return reason?.Value is StringValueNode text ? text.Value : Directives.DefaultDeprecationReason;
        }

        private static string? SpecifiedByUrl(IEnumerable<DirectiveNode> directives)
        {
            var specifiedBy = directives.FirstOrDefault(d => d.Name.Value == "specifiedBy");
            return specifiedBy?.Arguments.FirstOrDefault(a => a.Name.Value == "url")?.Value is StringValueNode url ? url.Value : null;
        }

        private static GraphQLError Error(string message, Node node) => new(message, InputLiteralValidation.LocationsOf(node));
    }
}
