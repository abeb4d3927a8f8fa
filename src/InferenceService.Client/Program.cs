namespace InferenceService.Client;

public static class ClientProgram
{
    public static async Task<int> Main(string[] args)
    {
        var arguments = ClientArguments.Parse(args, Console.Error);
        if (arguments is null)
        {
            Console.Error.WriteLine(ClientArguments.Usage);
            return 2;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        return await new InvocationClient(http, Console.Out).RunAsync(arguments, CancellationToken.None);
    }
}
