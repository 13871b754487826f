using Es.GraphQL.Language;

namespace Es.GraphQL.Validation;

/// <summary>
/// One validation rule of the spec (section 5), as graphql-js's rule functions: given the context
/// of one validation, it returns a visitor that reports the errors it finds. Rules are stateless;
/// whatever a rule remembers during a validation lives in the visitor it creates.
/// </summary>
public abstract class ValidationRule
{
    protected ValidationRule() => Name = GetType().Name;

    /// <summary>The rule's name as graphql-js names it (e.g. <c>NoUnusedFragmentsRule</c>), carried by its errors.</summary>
    public string Name { get; }

    public abstract IVisitor CreateVisitor(ValidationContext context);

    public override string ToString() => Name;
}
