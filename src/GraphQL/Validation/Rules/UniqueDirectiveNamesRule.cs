using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>SDL (spec 3.13): directive names are unique, in the document and against the schema being extended.</summary>
public sealed class UniqueDirectiveNamesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var known = new Dictionary<string, NameNode>();
        return new Visitor().Enter<DirectiveDefinitionNode>((node, _) =>
        {
            var name = node.Name.Value;
            if (context.OptionalSchema?.GetDirective(name) is not null)
            {
                context.ReportError(this, $"Directive \"@{name}\" already exists in the schema. It cannot be redefined.", node.Name);
                return VisitResult.Continue;
            }
            if (known.TryGetValue(name, out var first))
                context.ReportError(this, $"There can be only one directive named \"@{name}\".", first, node.Name);
            else
                known[name] = node.Name;
            return VisitResult.Skip;
        });
    }
}
