using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>graphql-js 17 (incremental delivery): @defer and @stream labels are static strings, unique in the document.</summary>
public sealed class DeferStreamDirectiveLabelRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var knownLabels = new Dictionary<string, DirectiveNode>();
        return new Visitor().Enter<DirectiveNode>(directive =>
        {
            var name = directive.Name.Value;
            if (name is not ("defer" or "stream")) return;
            var label = directive.Arguments.FirstOrDefault(a => a.Name.Value == "label")?.Value;
            if (label is null or NullValueNode) return;
            if (label is not StringValueNode text)
            {
                context.ReportError(this, $"Argument \"@{name}(label:)\" must be a static string.", directive);
                return;
            }
            if (knownLabels.TryGetValue(text.Value, out var first))
                context.ReportError(this, "Value for arguments \"defer(label:)\" and \"stream(label:)\" must be unique across all Defer/Stream directive usages.", first, directive);
            else
                knownLabels[text.Value] = directive;
        });
    }
}
