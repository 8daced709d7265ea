namespace Tmo.Edge.Core.Contracts;

/// <summary>How a refused turn's error begins, so that the console tells a dialogue that spent its budget from one blocked for now.</summary>
public static class RefusalReasons
{
    /// <summary>Actions could run, but none fits what is left of the dialogue's budgets: the dialogue is finished.</summary>
    public const string BudgetExhausted = "budget exhausted";

    /// <summary>Nothing can run now (the local model masked, the cloud unavailable or capped): a later turn may be answered.</summary>
    public const string NothingCanRun = "no action can run now";
}
