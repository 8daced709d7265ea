namespace Tmo.Edge.Policy.Tests;

/// <summary>The tests that read the real M4A1 file share one load of it.</summary>
[CollectionDefinition(Name)]
public sealed class M4A1Collection : ICollectionFixture<M4A1Fixture>
{
    public const string Name = "M4A1";
}
