using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Sets VER_FLG_WEAK on the named version requirements of every matching ELF64 (little-endian)
// shared library under Directory. Idempotent; files without those requirements are left untouched.
public class WeakenElfVersionNeeds : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required] public string Directory { get; set; } = "";
    [Required] public string FileName { get; set; } = "";
    [Required] public string Versions { get; set; } = "";

    public override bool Execute()
    {
        var wanted = Versions.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries);
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, FileName, SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(path);
            int changed = Weaken(bytes, wanted, path);
            if (changed < 0) return false;
            if (changed > 0)
            {
                File.WriteAllBytes(path, bytes);
                Log.LogMessage(MessageImportance.High, $"AEVLP: marked {changed} version requirement(s) weak in {path}");
            }
        }
        return true;
    }

    private int Weaken(byte[] elf, string[] wanted, string path)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogError($"{path}: not a 64-bit little-endian ELF file");
            return -1;
        }
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        int changed = 0;
        for (int s = 0; s < shnum; s++)
        {
            long sh = shoff + (long)s * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = BitConverter.ToInt64(elf, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            int count = (int)BitConverter.ToUInt32(elf, (int)sh + 0x2C);
            long strtab = BitConverter.ToInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);
            changed += WeakenNeeds(elf, offset, count, strtab, wanted);
        }
        return changed;
    }

    private static int WeakenNeeds(byte[] elf, long verneed, int count, long strtab, string[] wanted)
    {
        int changed = 0;
        for (int n = 0; n < count; n++)
        {
            int auxCount = BitConverter.ToUInt16(elf, (int)verneed + 2);
            long aux = verneed + BitConverter.ToUInt32(elf, (int)verneed + 8);
            for (int a = 0; a < auxCount; a++)
            {
                string name = ReadCString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                if (Array.IndexOf(wanted, name) >= 0 && (flags & VerFlgWeak) == 0)
                {
                    BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, (int)aux + 4);
                    changed++;
                }
                aux += BitConverter.ToUInt32(elf, (int)aux + 12);
            }
            verneed += BitConverter.ToUInt32(elf, (int)verneed + 12);
        }
        return changed;
    }

    private static string ReadCString(byte[] elf, long at)
    {
        int end = (int)at;
        while (elf[end] != 0) end++;
        return System.Text.Encoding.ASCII.GetString(elf, (int)at, end - (int)at);
    }
}
