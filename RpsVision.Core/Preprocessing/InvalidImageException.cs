namespace RpsVision.Core.Preprocessing;

/// <summary>An input that cannot be used as an image; <see cref="Reason"/> says why.</summary>
public sealed class InvalidImageException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Why the image was refused.</param>
    /// <param name="message">A message a user can act on.</param>
    /// <param name="innerException">The decoder's exception, if any.</param>
    public InvalidImageException(InvalidImageReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the image was refused.</summary>
    public InvalidImageReason Reason { get; }
}
