using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Policy.Tests.Actions;

public sealed class ActionKindsTests
{
    [Theory]
    [InlineData(-1, ActionKind.Refused)]
    [InlineData(int.MinValue, ActionKind.Refused)]
    [InlineData(0, ActionKind.Local)]
    [InlineData(1, ActionKind.CloudText)]
    [InlineData(2, ActionKind.CloudViews)]
    [InlineData(8, ActionKind.CloudViews)]
    public void Each_action_is_local_cloud_text_cloud_with_views_or_refused(int action, ActionKind expected) =>
        Assert.Equal(expected, ActionKinds.Of(action));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(12)]
    public void The_kind_agrees_with_the_views_the_action_space_uploads(int modalities)
    {
        var space = new ActionSpace(modalities);
        for (var action = 0; action < space.Count; action++)
        {
            var expected = !ActionSpace.IsCloud(action) ? ActionKind.Local
                : space.ViewCountOf(action) == 0 ? ActionKind.CloudText
                : ActionKind.CloudViews;
            Assert.Equal(expected, ActionKinds.Of(action));
        }
    }
}
