using Tmo.Edge.Core.Dialogues;
using Tmo.Edge.Daemon.Decisions;
using Tmo.Edge.Policy.Dataset;

namespace Tmo.Edge.Daemon.Hosting;

/// <summary>
/// What the daemon decides with, loaded before its host is built (<see cref="DaemonRuntimeLoader"/>) and never changed
/// afterwards: the dataset, the task classifier trained on it, and the policy in force at start with the checkpoint it
/// came from. A policy activated later lives in <see cref="PolicyInForce"/>.
/// </summary>
public sealed record DaemonRuntime(DialogueDataset Dataset, TaskClassifier Classifier, PolicyRuntime StartPolicy, string StartCheckpointPath);
