namespace Aevlp.AppHost.Infrastructure;

/// <summary>Files that hold the platform's secrets: written whole under another name, readable by the owner only from the
/// first byte, then moved into place, so no reader ever sees half of one or another user any of it.</summary>
public static class OwnerOnlyFile
{
    public static void WriteAllText(string file, string content)
    {
        var temporary = file + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new StreamWriter(temporary, options))
        {
            stream.Write(content);
        }
        // UnixCreateMode acts only on a new file; an old temporary keeps its mode otherwise.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, file, overwrite: true);
    }
}
