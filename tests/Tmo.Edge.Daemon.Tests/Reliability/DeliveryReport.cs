namespace Tmo.Edge.Daemon.Tests.Reliability;

/// <summary>What <see cref="DeliveryAudit"/> counted once the invariants held: the figures a fault test reports.</summary>
/// <param name="Acknowledged">Prompts the daemon journaled (and so acknowledged): one database row each.</param>
/// <param name="Failed">Of those, answered with an error (the runner failed and no fallback could answer).</param>
/// <param name="Refused">Of those, refused because no action fitted the dialogue's budgets.</param>
/// <param name="RedeliveredCopies">Extra copies of an answer the broker delivered again (QoS 1 is at least once).</param>
/// <param name="Republished">Prompts the device had to publish again because the broker did not acknowledge them.</param>
/// <param name="LostInBrokerCrashes">Prompts a broker crash lost after acknowledging them, before the daemon took them.</param>
/// <param name="AnswersLostInBrokerCrashes">Answers a broker crash lost after acknowledging them to the daemon, before the device got them.</param>
/// <param name="CloudUsd">Cloud spend booked today, against the daily cap.</param>
internal sealed record DeliveryReport(int Acknowledged, int Failed, int Refused, int RedeliveredCopies, int Republished, int LostInBrokerCrashes, int AnswersLostInBrokerCrashes, double CloudUsd)
{
    public override string ToString() =>
        $"{Acknowledged} prompts acknowledged, each answered once ({Failed} with an error, {Refused} refused); " +
        $"{RedeliveredCopies} redelivered copies of an answer; {Republished} prompts published again by the device; " +
        $"{LostInBrokerCrashes} lost by a broker crash before the daemon took them; " +
        $"{AnswersLostInBrokerCrashes} answers lost by a broker crash after it acknowledged them; " +
        $"{CloudUsd:0.#####} USD spent in the cloud";
}
