using System.Device.I2c;
using Iot.Device.Adc;
using Tmo.Edge.Core.Telemetry;

namespace Tmo.Edge.Daemon.Telemetry;

/// <summary>
/// A board with an INA219 power monitor on I2C (Raspberry Pi HATs, custom carriers): the supply's voltage, current
/// and power through Iot.Device.Bindings, plus the generic Linux readings. The calibration follows the datasheet
/// (section 8.5.1): current LSB = max expected current / 2^15, calibration = 0.04096 / (current LSB x shunt ohms).
/// An I2C error makes the power readings null for that sample and is logged once.
/// </summary>
public sealed class Ina219Source : ITelemetrySource, IDisposable
{
    public const string SourceName = "ina219";

    private readonly LinuxSource _linux;
    private readonly SensorFiles _files;
    private readonly I2cConnectionSettings _settings;
    private readonly ushort _calibration;
    private readonly float _currentLsb;
    private Ina219? _device;

    public Ina219Source(SensorFiles files, int bus, int address, double shuntOhms, double maxCurrentA)
    {
        _files = files;
        _linux = new LinuxSource(files);
        _settings = new I2cConnectionSettings(bus, address);
        _currentLsb = (float)(maxCurrentA / 32768);
        _calibration = (ushort)Math.Min(ushort.MaxValue, Math.Truncate(0.04096 / (_currentLsb * shuntOhms)));
    }

    public string Name => SourceName;

    public ValueTask<TelemetrySample> ReadAsync(CancellationToken cancellationToken)
    {
        var sample = _linux.Read() with { Source = SourceName };
        try
        {
            var device = _device ??= Open();
            var voltage = (double)device.ReadBusVoltage().Volts;
            var current = (double)device.ReadCurrent().Amperes;
            var power = (double)device.ReadPower().Watts;
            var rail = new PowerRail("INA219", voltage, current, power);
            return ValueTask.FromResult(sample with { PowerW = power, Rails = [rail] });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or PlatformNotSupportedException or ArgumentException)
        {
            _files.Report($"i2c-{_settings.BusId}@0x{_settings.DeviceAddress:x2}", ex.Message);
            _device?.Dispose();
            _device = null;
            return ValueTask.FromResult(sample);
        }
    }

    public void Dispose() => _device?.Dispose();

    private Ina219 Open()
    {
        var device = new Ina219(_settings);
        device.SetCalibration(_calibration, _currentLsb);
        return device;
    }
}
