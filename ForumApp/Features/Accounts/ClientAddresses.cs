using System.Net;
using System.Net.Sockets;

namespace ForumApp.Features.Accounts;

/// <summary>Turns a client address into the key that per-address limits count against.</summary>
public static class ClientAddresses
{
    /// <summary>
    /// IPv4 addresses as they are; IPv6 addresses by their /64 network, because one subscriber usually
    /// holds a whole /64 and could otherwise take a fresh address for every request.
    /// </summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(address))
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
