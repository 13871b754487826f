using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.6.3 Input Object Field Uniqueness.</summary>
public sealed class UniqueInputFieldNamesRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context)
    {
        var knownNameStack = new Stack<Dictionary<string, NameNode>>();
        var knownNames = new Dictionary<string, NameNode>();
        return new Visitor()
            .Enter<ObjectValueNode>(_ =>
            {
                knownNameStack.Push(knownNames);
                knownNames = [];
            })
            .Leave<ObjectValueNode>(_ => knownNames = knownNameStack.Pop())
            .Enter<ObjectFieldNode>(field =>
            {
                var name = field.Name.Value;
                if (knownNames.TryGetValue(name, out var first))
                    context.ReportError(this, $"There can be only one input field named \"{name}\".", first, field.Name);
                else
                    knownNames[name] = field.Name;
            });
    }
}
