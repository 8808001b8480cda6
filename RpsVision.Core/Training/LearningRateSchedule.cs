namespace RpsVision.Core.Training;

/// <summary>Linear warm-up then cosine decay, as a pure function of the optimisation step.</summary>
public static class LearningRateSchedule
{
    /// <summary>
    /// The learning rate at <paramref name="step"/> (0-based): rises linearly from <c>peak / warmupSteps</c> to
    /// <paramref name="peak"/> over the first <paramref name="warmupSteps"/> steps, then follows half a cosine
    /// from <paramref name="peak"/> towards <paramref name="floor"/>, reached at <paramref name="totalSteps"/>.
    /// </summary>
    /// <param name="step">Step index, 0 to <paramref name="totalSteps"/> - 1 (larger values give <paramref name="floor"/>).</param>
    /// <param name="totalSteps">Number of steps in the run; at least 1.</param>
    /// <param name="warmupSteps">Warm-up steps; 0 to <paramref name="totalSteps"/>.</param>
    /// <param name="peak">Largest learning rate; &gt; 0.</param>
    /// <param name="floor">Learning rate at the end; 0 to <paramref name="peak"/>.</param>
    public static double At(long step, long totalSteps, long warmupSteps, double peak, double floor = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warmupSteps, totalSteps);
        if (step < warmupSteps)
        {
            return peak * (step + 1) / warmupSteps;
        }
        long decaySteps = totalSteps - warmupSteps;
        if (decaySteps == 0)
        {
            return floor;
        }
        double progress = Math.Min(1.0, (double)(step - warmupSteps) / decaySteps);
        return floor + (peak - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
