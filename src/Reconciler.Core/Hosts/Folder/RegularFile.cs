using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Reconciler.Core.Repositories;

namespace Reconciler.Core.Hosts.Folder;

/// <summary>A file that is not a regular file, is a symbolic link or is over the size limit; the message says which.</summary>
public sealed class NotReadableException(string reason) : IOException(reason)
{
    public string Reason { get; } = reason;

    /// <summary>The file is a regular one, but longer than the limit it was read with.</summary>
    public bool OverLimit { get; init; }
}

/// <summary>
/// Reads a file only when it is a regular file, never through a symbolic link, and never more than a limit: a FIFO
/// would block the reader forever, a device (<c>/dev/zero</c>) never ends, and a file's reported length is not what
/// a read returns. On Linux the file is opened without following a link and without blocking, then checked through
/// the open handle (no window between the check and the read); elsewhere links and lengths are checked by path.
/// </summary>
public static partial class RegularFile
{
    /// <summary>The file's bytes. Throws <see cref="NotReadableException"/> (or another <see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>).</summary>
    public static byte[] ReadBytes(string path, int maxBytes)
    {
        using var handle = Open(path);
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, maxBytes + 1L - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                throw new NotReadableException($"is over the {maxBytes}-byte limit") { OverLimit = true };
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The first <paramref name="headBytes"/> bytes of the file, cut after its last whole line (so a multi-byte
    /// character is never split): for files the rules only read the start of.
    /// </summary>
    public static byte[] ReadHead(string path, int headBytes)
    {
        using var handle = Open(path);
        using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 0);
        var buffer = new byte[headBytes];
        var length = 0;
        int read;
        while (length < headBytes && (read = stream.Read(buffer, length, headBytes - length)) > 0)
        {
            length += read;
        }

        return Lines.Head(buffer.AsSpan(0, length), complete: length < headBytes).ToArray();
    }

    /// <summary>The file as strict UTF-8, without a byte-order mark. Throws as <see cref="ReadBytes"/>, or <see cref="DecoderFallbackException"/>.</summary>
    public static string ReadText(string path, int maxBytes) => new UTF8Encoding(false, true).GetString(ReadBytes(path, maxBytes)).TrimStart('\uFEFF');

    private static SafeFileHandle Open(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            if (new FileInfo(path).LinkTarget is not null)
            {
                throw new NotReadableException("is a symbolic link; not followed");
            }

            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }

        var fd = Native.Open(path, Native.ReadOnlyNoFollowNonBlocking);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                Native.ELOOP => new NotReadableException("is a symbolic link; not followed"),
                Native.ENOENT => new FileNotFoundException($"{path}: no such file", path),
                Native.EACCES => new UnauthorizedAccessException($"{path}: permission denied"),
                _ => new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}"),
            };
        }

        var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        try
        {
            var type = Native.FileType(fd);
            if (type != Native.S_IFREG)
            {
                throw new NotReadableException($"is not a regular file ({Native.Describe(type)}); not read");
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static partial class Native
    {
        public const int ENOENT = 2;
        public const int EACCES = 13;
        public const int ELOOP = 40;
        public const int S_IFREG = 0x8000;

        private const int O_NONBLOCK = 0x800;
        private const int O_CLOEXEC = 0x80000;
        private const int AT_EMPTY_PATH = 0x1000;
        private const uint STATX_TYPE = 0x1;
        private const int S_IFMT = 0xF000;

        /// <summary>O_NOFOLLOW is 0400000 on x86 and 0100000 on ARM.</summary>
        public static int ReadOnlyNoFollowNonBlocking =>
            O_NONBLOCK | O_CLOEXEC | (RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000);

        public static string Describe(int type) => type switch
        {
            0x1000 => "a FIFO",
            0x2000 => "a character device",
            0x4000 => "a directory",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => "an unknown kind",
        };

        /// <summary>The S_IFMT bits of an open file, from statx (its layout is the same on every architecture).</summary>
        public static int FileType(int fd)
        {
            var buffer = new byte[256];
            if (Statx(fd, "", AT_EMPTY_PATH, STATX_TYPE, buffer) != 0)
            {
                throw new IOException($"could not tell what kind of file it is: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            return BitConverter.ToUInt16(buffer, 28) & S_IFMT;
        }

        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int Open(string path, int flags);

        [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
    }
}
