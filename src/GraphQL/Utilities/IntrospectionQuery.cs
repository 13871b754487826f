namespace Es.GraphQL.Utilities;

/// <summary>Options of <see cref="IntrospectionQuery.Get"/>, named and defaulted as graphql-js's <c>IntrospectionOptions</c>.</summary>
public sealed record IntrospectionOptions
{
    public bool Descriptions { get; init; } = true;
    public bool SpecifiedByUrl { get; init; }
    public bool DirectiveIsRepeatable { get; init; }
    public bool SchemaDescription { get; init; }
    public bool InputValueDeprecation { get; init; }
    public bool ExperimentalDirectiveDeprecation { get; init; }
    public bool OneOf { get; init; }
    public int TypeDepth { get; init; } = 9;

    /// <summary>Every option on, as the differential tests and clients that rebuild the full schema use it.</summary>
    public static IntrospectionOptions All { get; } = new()
    {
        SpecifiedByUrl = true, DirectiveIsRepeatable = true, SchemaDescription = true, InputValueDeprecation = true,
        ExperimentalDirectiveDeprecation = true, OneOf = true,
    };
}

/// <summary>
/// graphql-js's <c>getIntrospectionQuery</c>, character for character, so the same query text
/// (and so the same parse and validation work) can be run against either engine.
/// </summary>
public static class IntrospectionQuery
{
    public static string Get(IntrospectionOptions? options = null)
    {
        options ??= new IntrospectionOptions();
        if (options.TypeDepth > 100)
            throw new ArgumentException("Please set typeDepth to a reasonable value between 0 and 100; the default is 9.", nameof(options));
        var descriptions = options.Descriptions ? "description" : "";
        var specifiedByUrl = options.SpecifiedByUrl ? "specifiedByURL" : "";
        var directiveIsRepeatable = options.DirectiveIsRepeatable ? "isRepeatable" : "";
        var schemaDescription = options.SchemaDescription ? descriptions : "";
        var oneOf = options.OneOf ? "isOneOf" : "";
        string Input(string text) => options.InputValueDeprecation ? text : "";
        string Dir(string text) => options.ExperimentalDirectiveDeprecation ? text : "";

        return "\n" + $$"""
    query IntrospectionQuery {
      __schema {
        {{schemaDescription}}
        queryType { name kind }
        mutationType { name kind }
        subscriptionType { name kind }
        types {
          ...FullType
        }
        directives{{Dir("(includeDeprecated: true)")}} {
          name
          {{descriptions}}
          {{directiveIsRepeatable}}
          {{Dir("isDeprecated")}}
          {{Dir("deprecationReason")}}
          locations
          args{{Input("(includeDeprecated: true)")}} {
            ...InputValue
          }
        }
      }
    }

    fragment FullType on __Type {
      kind
      name
      {{descriptions}}
      {{specifiedByUrl}}
      {{oneOf}}
      fields(includeDeprecated: true) {
        name
        {{descriptions}}
        args{{Input("(includeDeprecated: true)")}} {
          ...InputValue
        }
        type {
          ...TypeRef
        }
        isDeprecated
        deprecationReason
      }
      inputFields{{Input("(includeDeprecated: true)")}} {
        ...InputValue
      }
      interfaces {
        ...TypeRef
      }
      enumValues(includeDeprecated: true) {
        name
        {{descriptions}}
        isDeprecated
        deprecationReason
      }
      possibleTypes {
        ...TypeRef
      }
    }

    fragment InputValue on __InputValue {
      name
      {{descriptions}}
      type { ...TypeRef }
      defaultValue
      {{Input("isDeprecated")}}
      {{Input("deprecationReason")}}
    }

    fragment TypeRef on __Type {
      kind
      name{{OfType(options.TypeDepth, "      ")}}
    }
""" + "\n  ";
    }

    private static string OfType(int level, string indent) =>
        level <= 0 ? "" : $"\n{indent}ofType {{\n{indent}  name\n{indent}  kind{OfType(level - 1, indent + "  ")}\n{indent}}}";
}
