using System.ComponentModel.DataAnnotations;

namespace Cartoon.Messaging.Tiers;

public sealed class SizeTier
{
    [Required, RegularExpression("^[a-z0-9]{1,16}$")]
    public string Name { get; set; } = "";

    [Range(16, 16384)]
    public int MaxWidth { get; set; }

    [Range(16, 16384)]
    public int MaxHeight { get; set; }
}
