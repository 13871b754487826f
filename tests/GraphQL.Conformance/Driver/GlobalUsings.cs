// A data.json record: an ordered JSON object, as graphql-js's resolvers see it.
global using Record = System.Collections.Generic.IReadOnlyDictionary<string, object?>;
