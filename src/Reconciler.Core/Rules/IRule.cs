using Reconciler.Core.Policy;

namespace Reconciler.Core.Rules;

/// <summary>
/// A rule: a stable id, what it checks and why it matters (shown to users and in pull-request
/// bodies), and a fix. One rule per file under Rules/.
/// </summary>
public interface IRule
{
    /// <summary>Stable id, used in the policy, in findings, in SARIF and in exemptions.</summary>
    string Id { get; }

    /// <summary>One line: what the rule wants.</summary>
    string Title { get; }

    /// <summary>Why it matters, in a reviewer's words.</summary>
    string Help { get; }

    Severity DefaultSeverity { get; }
}

/// <summary>A rule that checks, and may rewrite, one workflow file at a time.</summary>
public interface IWorkflowRule : IRule
{
    void Check(WorkflowContext context);
}

/// <summary>
/// A rule that also checks, and may rewrite, an action's metadata file (<c>.github/actions/**/action.yml</c>, or
/// <c>action.yml</c> at the root of an action repository): a composite action's steps are supply chain too.
/// </summary>
public interface IActionFileRule : IRule
{
    void Check(ActionFileContext context);
}

/// <summary>A rule over the repository as a whole (ignore files, settings), after the workflow rules ran.</summary>
public interface IRepositoryRule : IRule
{
    void Check(RepositoryContext context);
}
