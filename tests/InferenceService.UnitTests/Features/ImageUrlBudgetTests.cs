using InferenceService.Features.ImageUrls;
using Microsoft.Extensions.Options;

namespace InferenceService.UnitTests.Features;

public sealed class ImageUrlBudgetTests
{
    private readonly ImageUrlBudget _budget = new(Options.Create(new ImageUrlOptions { BudgetBytes = 10 }));

    [Fact]
    public async Task A_reservation_that_does_not_fit_waits_until_bytes_are_released()
    {
        await _budget.ReserveAsync(8, CancellationToken.None);
        var waiting = _budget.ReserveAsync(5, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        _budget.Release(8);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Waiters_are_served_in_order_and_a_cancelled_one_lets_the_next_through()
    {
        await _budget.ReserveAsync(8, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var large = _budget.ReserveAsync(5, cancel.Token);
        var small = _budget.ReserveAsync(2, CancellationToken.None);
        Assert.False(small.IsCompleted);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => large);
        await small.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
