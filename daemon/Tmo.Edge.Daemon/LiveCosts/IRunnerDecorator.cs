using Tmo.Edge.Core.Runners;

namespace Tmo.Edge.Daemon.LiveCosts;

/// <summary>A runner that adds live state to another one; <see cref="Inner"/> is the backend that answers.</summary>
public interface IRunnerDecorator
{
    ILlmRunner Inner { get; }
}

public static class RunnerDecorators
{
    /// <summary>The backend under any decorators: what the health page reports as the runner, what tests check.</summary>
    public static ILlmRunner Backend(this ILlmRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        while (runner is IRunnerDecorator decorator)
        {
            runner = decorator.Inner;
        }

        return runner;
    }
}
