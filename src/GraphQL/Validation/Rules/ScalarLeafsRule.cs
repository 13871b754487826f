using Es.GraphQL.Language;

namespace Es.GraphQL.Validation.Rules;

/// <summary>Spec 5.3.3 Leaf Field Selections: leaves have no selection set, composite fields must have one.</summary>
public sealed class ScalarLeafsRule : ValidationRule
{
    public override IVisitor CreateVisitor(ValidationContext context) => new Visitor()
        .Enter<FieldNode>(field =>
        {
            if (context.Type is not { } type) return;
            var fieldName = field.Name.Value;
            if (type.NamedType.IsLeafType)
            {
                if (field.SelectionSet is { } selectionSet)
                    context.ReportError(this, $"Field \"{fieldName}\" must not have a selection since type \"{type}\" has no subfields.", selectionSet);
            }
            else if (field.SelectionSet is null)
            {
                context.ReportError(this, $"Field \"{fieldName}\" of type \"{type}\" must have a selection of subfields. Did you mean \"{fieldName} {{ ... }}\"?", field);
            }
            else if (field.SelectionSet.Selections.Count == 0 && !context.AllowEmptySelectionSets)
            {
                context.ReportError(this, $"Field \"{fieldName}\" of type \"{type}\" must have at least one field selected.", field);
            }
        });
}
