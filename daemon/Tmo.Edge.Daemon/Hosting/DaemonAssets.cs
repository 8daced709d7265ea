using Tmo.Edge.Core.Dialogues;
using Tmo.Edge.Core.Runners;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Daemon.Ingress;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>
/// What the daemon loads at start-up (asynchronously, before MQTT connects): the dataset, the policy checkpoint, the
/// task classifier, the message parser and the runners. Services read them only after <see cref="DaemonStartup"/>.
/// </summary>
public sealed class DaemonAssets
{
    private volatile Loaded? _loaded;

    public DialogueDataset Dataset => Value.Dataset;

    public PolicyRuntime Policy => Value.Policy;

    public TaskClassifier Classifier => Value.Classifier;

    public InboundParser Parser => Value.Parser;

    public ILlmRunner LocalRunner => Value.LocalRunner;

    public ILlmRunner CloudRunner => Value.CloudRunner;

    private Loaded Value => _loaded ?? throw new InvalidOperationException("The daemon's assets are used before start-up loaded them.");

    internal void Set(DialogueDataset dataset, PolicyRuntime policy, TaskClassifier classifier, InboundParser parser, ILlmRunner local, ILlmRunner cloud) =>
        _loaded = new Loaded(dataset, policy, classifier, parser, local, cloud);

    /// <summary>Swaps the policy in force; lanes pick it up before their next turn (<see cref="DecisionLoop"/>).</summary>
    internal void ReplacePolicy(PolicyRuntime policy) => _loaded = Value with { Policy = policy };

    private sealed record Loaded(DialogueDataset Dataset, PolicyRuntime Policy, TaskClassifier Classifier, InboundParser Parser, ILlmRunner LocalRunner, ILlmRunner CloudRunner);
}
