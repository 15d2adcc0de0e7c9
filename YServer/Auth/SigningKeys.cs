using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace YServer.Auth;

/// <summary>Loads the verification keys named by <see cref="AuthOptions"/>: the HS256 secret, a PEM public key or
/// certificate, and a JWKS file. All of them are tried for every token (the algorithm allow-list decides which fit).</summary>
internal static class SigningKeys
{
    /// <summary>The algorithms yserver accepts; anything else (and <c>none</c>) is refused.</summary>
    public static readonly string[] Supported = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    public static bool IsSupported(string algorithm) => Array.IndexOf(Supported, algorithm) >= 0;

    /// <summary>The keys, or throws <see cref="InvalidDataException"/> naming the file that does not hold one.</summary>
    public static List<SecurityKey> Load(AuthOptions options)
    {
        var keys = new List<SecurityKey>();
        if (options.Secret.Length > 0)
        {
            keys.Add(Symmetric(options.Secret));
        }

        if (options.SecretFile.Length > 0)
        {
            var secret = File.ReadAllText(options.SecretFile).TrimEnd('\r', '\n');
            if (Encoding.UTF8.GetByteCount(secret) < AuthOptions.MinSecretBytes)
            {
                throw new InvalidDataException($"the secret in '{options.SecretFile}' must be at least {AuthOptions.MinSecretBytes} bytes");
            }

            keys.Add(Symmetric(secret));
        }

        if (options.PublicKeyFile.Length > 0)
        {
            keys.Add(LoadPem(options.PublicKeyFile));
        }

        if (options.JwksFile.Length > 0)
        {
            try
            {
                var set = new JsonWebKeySet(File.ReadAllText(options.JwksFile));
                var signing = set.GetSigningKeys();
                if (signing.Count == 0)
                {
                    throw new InvalidDataException($"JWKS file '{options.JwksFile}' has no usable signing key");
                }

                keys.AddRange(signing);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidDataException($"JWKS file '{options.JwksFile}' is not a JWKS document ({ex.Message})");
            }
        }

        return keys;
    }

    public static SymmetricSecurityKey Symmetric(string secret) => new(Encoding.UTF8.GetBytes(secret));

    /// <summary>An RSA or EC public key (<c>-----BEGIN PUBLIC KEY-----</c>) or a certificate holding one.</summary>
    private static SecurityKey LoadPem(string path)
    {
        var pem = File.ReadAllText(path);
        if (pem.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            if (certificate.GetRSAPublicKey() is { } rsaKey)
            {
                return new RsaSecurityKey(rsaKey);
            }

            if (certificate.GetECDsaPublicKey() is { } ecKey)
            {
                return new ECDsaSecurityKey(ecKey);
            }

            throw new InvalidDataException($"the certificate in '{path}' has neither an RSA nor an EC key");
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
        }

        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            ec.Dispose();
            throw new InvalidDataException($"public key file '{path}' holds no PEM RSA or EC public key ({ex.Message})");
        }
    }
}
