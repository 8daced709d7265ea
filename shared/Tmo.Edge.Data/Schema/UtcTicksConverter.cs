using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Tmo.Edge.Data.Schema;

/// <summary>Stores a DateTimeOffset as its UTC ticks; it reads back with a zero offset.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
