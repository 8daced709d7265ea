using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tmo.Edge.Core.Messaging;

/// <summary>
/// The private CA that signed an external broker's certificate (Tmo:Mqtt:CaCertificateFile), as the trust anchor the
/// broker's chain is built to instead of the system store. Validation stays on: a certificate from another CA, or for
/// another host, is still refused.
/// </summary>
public static class BrokerCertificateAuthority
{
    /// <summary>Reads every certificate of a PEM file.</summary>
    /// <exception cref="InvalidDataException">The file holds no PEM certificate.</exception>
    /// <exception cref="CryptographicException">A PEM block is not a valid certificate.</exception>
    public static X509Certificate2Collection Load(string pemFile)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(pemFile);
        if (certificates.Count == 0)
        {
            throw new InvalidDataException($"'{pemFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }

        return certificates;
    }
}
