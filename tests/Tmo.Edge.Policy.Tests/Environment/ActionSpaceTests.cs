using Tmo.Edge.Policy.Actions;

namespace Tmo.Edge.Policy.Tests.Environment;

public sealed class ActionSpaceTests
{
    [Fact]
    public void Two_views_give_local_then_subsets_by_size_then_lexicographic()
    {
        var space = new ActionSpace(2);
        Assert.Equal(5, space.Count);
        Assert.Equal(Views([], [], [0], [1], [0, 1]), AllViews(space));
    }

    [Fact]
    public void Three_views_reproduce_the_reference_nine_action_layout()
    {
        var space = new ActionSpace(3);
        Assert.Equal(9, space.Count);
        Assert.Equal(Views([], [], [0], [1], [2], [0, 1], [0, 2], [1, 2], [0, 1, 2]), AllViews(space));
    }

    [Fact]
    public void Four_views_enumerate_all_sixteen_subsets_in_order()
    {
        var space = new ActionSpace(4);
        Assert.Equal(17, space.Count);
        Assert.Equal(
            Views([], [], [0], [1], [2], [3], [0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3], [0, 1, 2], [0, 1, 3], [0, 2, 3], [1, 2, 3], [0, 1, 2, 3]),
            AllViews(space));
    }

    [Fact]
    public void Encoding_marks_cloud_and_uploaded_views()
    {
        var space = new ActionSpace(3);
        var encoding = new float[4];
        space.Encode(0, encoding);
        Assert.Equal([0f, 0, 0, 0], encoding);
        space.Encode(1, encoding);
        Assert.Equal([1f, 0, 0, 0], encoding);
        space.Encode(6, encoding);
        Assert.Equal([1f, 1, 0, 1], encoding);
    }

    [Fact]
    public void Logged_upload_order_does_not_matter()
    {
        var space = new ActionSpace(3);
        Assert.Equal(8, space.CloudActionFor([1, 2, 0]));
        Assert.Equal(6, space.CloudActionFor([2, 0]));
        Assert.Equal(1, space.CloudActionFor([]));
    }

    private static List<int[]> Views(params int[][] views) => [.. views];

    private static List<int[]> AllViews(ActionSpace space) =>
        Enumerable.Range(0, space.Count).Select(a => space.ViewsOf(a).ToArray()).ToList();
}
