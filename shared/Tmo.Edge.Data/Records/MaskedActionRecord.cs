namespace Tmo.Edge.Data.Records;

/// <summary>An action the shield masked for a turn, and why (the policy's MaskReason by name).</summary>
public sealed record MaskedActionRecord(int Action, string Reason);
