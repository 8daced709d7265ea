using StbImageWriteSharp;

namespace Tmo.Edge.Daemon.Replay;

/// <summary>
/// Synthetic JPEG frames for the replay publisher (M4A1 ships image names, not images): a gradient whose hue
/// depends on the camera view and whose pattern depends on the dialogue, so frames differ and stay small.
/// </summary>
public static class CameraFrameGenerator
{
    public const int Width = 160;
    public const int Height = 120;

    public static byte[] Jpeg(int view, int dialogue, int quality = 75)
    {
        var pixels = new byte[Width * Height * 3];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var i = ((y * Width) + x) * 3;
                var stripe = ((x + (dialogue * 7)) / 16 % 2) == 0 ? 40 : 0;
                pixels[i + (view % 3)] = (byte)(255 * x / Width);
                pixels[i + ((view + 1) % 3)] = (byte)Math.Clamp((255 * y / Height) - stripe + 40, 0, 255);
                pixels[i + ((view + 2) % 3)] = (byte)((dialogue * 37) % 256);
            }
        }

        using var output = new MemoryStream();
        new ImageWriter().WriteJpg(pixels, Width, Height, ColorComponents.RedGreenBlue, output, quality);
        return output.ToArray();
    }
}
