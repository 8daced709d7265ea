using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tmo.Edge.TestSupport.Mqtt;

/// <summary>
/// A private CA and a broker certificate it signed for 127.0.0.1 and localhost, written as PEM files the way an
/// operator would give them to Mosquitto (certfile/keyfile) and to the daemon (Tmo:Mqtt:CaCertificateFile).
/// </summary>
public sealed class BrokerCertificates
{
    private BrokerCertificates(string caFile, string certificateFile, string keyFile)
    {
        CaFile = caFile;
        CertificateFile = certificateFile;
        KeyFile = keyFile;
    }

    public string CaFile { get; }

    public string CertificateFile { get; }

    public string KeyFile { get; }

    /// <param name="directory">Where the PEM files go.</param>
    /// <param name="name">Distinguishes two CAs in one directory.</param>
    /// <param name="brokerHost">The one name the broker certificate is for; null: 127.0.0.1 and localhost.</param>
    public static BrokerCertificates Create(string directory, string name, string? brokerHost = null)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=Tmo.Edge test CA {name}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest($"CN={brokerHost ?? "127.0.0.1"}", serverKey, HashAlgorithmName.SHA256);
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        if (brokerHost is null)
        {
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
        }
        else
        {
            names.AddDnsName(brokerHost);
        }

        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = serverRequest.Create(ca, now.AddDays(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        var certificates = new BrokerCertificates(
            Path.Combine(directory, $"{name}-ca.pem"), Path.Combine(directory, $"{name}-broker.pem"), Path.Combine(directory, $"{name}-broker.key"));
        File.WriteAllText(certificates.CaFile, ca.ExportCertificatePem());
        File.WriteAllText(certificates.CertificateFile, server.ExportCertificatePem());
        File.WriteAllText(certificates.KeyFile, serverKey.ExportPkcs8PrivateKeyPem());
        return certificates;
    }
}
