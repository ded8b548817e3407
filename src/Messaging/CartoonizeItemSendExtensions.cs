using Cartoon.Contracts;
using Cartoon.Messaging.Tiers;
using MassTransit;

namespace Cartoon.Messaging;

public static class CartoonizeItemSendExtensions
{
    /// <summary>
    /// Sends commands to their tiers' queues: each item goes to the tier named by <see cref="CartoonizeItem.Tier"/>
    /// (or, for an unknown name, the tier its work size resolves to), one batch per tier so a job's items arrive
    /// together and can share a group.
    /// </summary>
    public static async Task SendToTiersAsync(this ISendEndpointProvider sendEndpoints, TierCatalog tiers, TierSendAddresses addresses,
        IEnumerable<CartoonizeItem> items, CancellationToken cancellationToken = default)
    {
        foreach (var group in items.GroupBy(i => tiers.Find(i.Tier) ?? tiers.Resolve(i.WorkWidth, i.WorkHeight)))
        {
            var endpoint = await sendEndpoints.GetSendEndpoint(addresses.For(group.Key)).ConfigureAwait(false);
            await endpoint.SendBatch(group.Select(i => i with { Tier = group.Key.Name }), cancellationToken).ConfigureAwait(false);
        }
    }
}
