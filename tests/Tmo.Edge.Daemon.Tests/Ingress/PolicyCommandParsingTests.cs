using System.Text;
using Tmo.Edge.Core.Contracts;
using Tmo.Edge.Core.Messaging;
using Tmo.Edge.Daemon.Ingress;

namespace Tmo.Edge.Daemon.Tests.Ingress;

public sealed class PolicyCommandParsingTests
{
    private static readonly InboundParser Parser = new(new TopicLayout("tmo/dev1"), new LimitOptions(), modalityCount: 3);

    [Fact]
    public void Activating_a_version_is_a_policy_request()
    {
        Assert.Equal(
            new PolicyRequest(new PolicyCommand(PolicyCommand.Activate, "rc-a2c-2026-11-27-1")),
            Parse("""{"action":"activate","version":"rc-a2c-2026-11-27-1"}"""));
    }

    [Fact]
    public void Retraining_needs_no_version()
    {
        Assert.Equal(new PolicyRequest(new PolicyCommand(PolicyCommand.Retrain)), Parse("""{"action":"retrain"}"""));
    }

    [Fact]
    public void A_confirmed_activation_and_a_discard_are_policy_requests()
    {
        Assert.Equal(
            new PolicyRequest(new PolicyCommand(PolicyCommand.Activate, "rc-a2c-2", Confirmed: true)),
            Parse("""{"action":"activate","version":"rc-a2c-2","confirmed":true}"""));
        Assert.Equal(new PolicyRequest(new PolicyCommand(PolicyCommand.Discard)), Parse("""{"action":"discard"}"""));
    }

    [Theory]
    [InlineData("""{"action":"activate"}""", "needs a 'version'")]
    [InlineData("""{"action":"delete","version":"v"}""", "unknown policy action 'delete'")]
    [InlineData("""{"action":"retrain",}""", "invalid JSON")]
    public void A_bad_policy_command_is_rejected_with_its_reason(string payload, string reason)
    {
        var rejection = Assert.IsType<Rejection>(Parse(payload));
        Assert.Contains(reason, rejection.Reason, StringComparison.Ordinal);
    }

    private static InboundMessageKind Parse(string payload) =>
        Parser.Parse(new InboundMessage("tmo/dev1/cmd/policy", Encoding.UTF8.GetBytes(payload), DateTimeOffset.UnixEpoch));
}
