using Tmo.Edge.Core.Options;

namespace Tmo.Edge.Daemon.Tests.Security;

/// <summary>Tmo:Mqtt:CaCertificateFile is checked at start, with a message that names the key.</summary>
public sealed class BrokerCaOptionsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tmo-ca-options-");

    [Fact]
    public void A_readable_pem_ca_with_tls_is_accepted()
    {
        var certificates = BrokerCertificates.Create(_directory.FullName, "site");

        Assert.Empty(Problems(new MqttOptions { Host = "broker.lan", UseTls = true, CaCertificateFile = certificates.CaFile }));
    }

    [Fact]
    public void A_ca_without_tls_a_missing_file_and_a_file_that_is_no_certificate_are_refused_at_start()
    {
        var certificates = BrokerCertificates.Create(_directory.FullName, "site");
        var notPem = Path.Combine(_directory.FullName, "not-a-certificate.pem");
        File.WriteAllText(notPem, "hello");

        Assert.Contains("UseTls is false", Assert.Single(Problems(new MqttOptions { Host = "broker.lan", CaCertificateFile = certificates.CaFile })));
        Assert.Contains("does not exist", Assert.Single(Problems(new MqttOptions { Host = "broker.lan", UseTls = true, CaCertificateFile = notPem + ".missing" })));
        var wrong = Assert.Single(Problems(new MqttOptions { Host = "broker.lan", UseTls = true, CaCertificateFile = notPem }));
        Assert.StartsWith("Tmo:Mqtt:CaCertificateFile", wrong, StringComparison.Ordinal);
        Assert.Contains("no PEM certificate", wrong, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static IEnumerable<string> Problems(MqttOptions options) => new MqttOptionsValidator().Validate(null, options).Failures ?? [];
}
