using Es.GraphQL.Language;
using Es.GraphQL.Types;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.5.1.2 (fragment type existence) and 5.8.2: every named type reference names a type of the schema (or of the SDL document).</summary>
public sealed class KnownTypeNamesRule : ValidationRule
{
    private static readonly HashSet<string> StandardTypeNames =
        [.. Scalars.Specified.Select(t => t.Name), .. Introspection.Types.Select(t => t.Name)];

    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var schemaTypes = context.OptionalSchema?.TypeMap;
        HashSet<string>? definedTypeNames = null;
        List<string>? typeNames = null;
        return new Visitor().Enter<NamedTypeNode>((node, visit) =>
        {
            var typeName = node.Name.Value;
            if (schemaTypes?.ContainsKey(typeName) == true) return VisitResult.Continue;
            definedTypeNames ??= [.. context.Document.Definitions.OfType<TypeDefinitionNode>().Select(d => d.Name.Value)];
            if (definedTypeNames.Contains(typeName)) return VisitResult.Continue;

            // The top-level definition the reference is in tells SDL from executable documents.
            var definition = visit.Ancestors.Count > 1 ? visit.Ancestors[1] : visit.Parent;
            bool isSdl = definition is TypeSystemDefinitionNode or TypeSystemExtensionNode;
            if (isSdl && StandardTypeNames.Contains(typeName)) return VisitResult.Continue;

            IReadOnlyList<string> suggestions = [];
            if (!context.HideSuggestions)
            {
                typeNames ??= [.. (schemaTypes?.Keys ?? []).Concat(definedTypeNames).Distinct()];
                suggestions = Suggestions.List(typeName, isSdl ? StandardTypeNames.Concat(typeNames).Distinct() : typeNames);
            }
            context.ReportError(this, $"Unknown type \"{typeName}\"." + Suggestions.DidYouMean(suggestions), node);
            return VisitResult.Continue;
        });
    }
}
