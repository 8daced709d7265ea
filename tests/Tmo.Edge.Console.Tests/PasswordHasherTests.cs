using Tmo.Edge.Console.Security;

namespace Tmo.Edge.Console.Tests;

public sealed class PasswordHasherTests
{
    [Fact]
    public void A_hash_verifies_its_password_and_no_other()
    {
        var hash = PasswordHasher.Hash("correct horse battery");

        Assert.StartsWith($"pbkdf2-sha256${PasswordHasher.Iterations}$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("correct horse battery", hash));
        Assert.False(PasswordHasher.Verify("correct horse batterY", hash));
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time()
    {
        Assert.NotEqual(PasswordHasher.Hash("same password"), PasswordHasher.Hash("same password"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("md5$1$abc$def")]
    [InlineData("pbkdf2-sha256$0$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAA")]
    public void A_hash_in_an_unknown_form_never_verifies(string encoded)
    {
        Assert.False(PasswordHasher.Verify("plaintext", encoded));
    }

    [Fact]
    public void Generated_passwords_are_long_and_unalike()
    {
        var passwords = Enumerable.Range(0, 20).Select(_ => PasswordHasher.Generate()).ToHashSet();

        Assert.Equal(20, passwords.Count);
        Assert.All(passwords, p => Assert.Null(PasswordHasher.Weakness(p)));
    }

    [Fact]
    public void A_short_password_is_refused_with_the_minimum_length()
    {
        Assert.Equal($"The password must have at least {PasswordHasher.MinimumLength} characters.", PasswordHasher.Weakness("short"));
    }
}
