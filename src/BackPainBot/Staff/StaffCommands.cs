using System.Text;
using System.Text.RegularExpressions;
using BackPainBot.Handoffs;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BackPainBot.Staff;

/// <summary>
/// <c>staff add NAME [--admin]</c>, <c>staff passwd NAME</c>, <c>staff disable NAME</c>, <c>staff enable NAME</c>,
/// <c>staff list</c>; and <c>purge</c> (also <c>retention purge</c>). Passwords come from standard input or a prompt
/// that does not echo, never from the command line, where other users and the shell history would see them.
/// </summary>
public static partial class StaffCommands
{
    private const int MaxPasswordLength = 1000;

    /// <summary>Runs <c>staff ...</c>; returns the exit code.</summary>
    public static int RunStaff(string[] args, IServiceProvider services, TextReader input, TextWriter output)
    {
        var users = services.GetRequiredService<IStaffUserStore>();
        var hasher = services.GetRequiredService<IPasswordHasher<StaffUser>>();
        var options = services.GetRequiredService<IOptions<StaffOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        var verb = args.Length > 0 ? args[0] : "";
        var name = args.Length > 1 ? args[1].Trim() : "";
        if (verb == "list")
        {
            foreach (var user in users.ListAsync().GetAwaiter().GetResult())
            {
                output.WriteLine($"{user.UserName}\t{user.Role}{(user.Disabled ? "\tdisabled" : "")}");
            }

            return 0;
        }

        if (verb is not ("add" or "passwd" or "disable" or "enable") || !ValidName().IsMatch(name))
        {
            output.WriteLine("usage: staff add NAME [--admin] | staff passwd NAME | staff disable NAME | staff enable NAME | staff list");
            output.WriteLine("  NAME: 1-64 letters, digits, '.', '_', '-' or '@'. The password is read from standard input or a prompt.");
            return 2;
        }

        switch (verb)
        {
            case "disable":
            case "enable":
                if (!users.SetDisabledAsync(name, verb == "disable", NewStamp()).GetAwaiter().GetResult())
                {
                    output.WriteLine($"No staff account named '{name}'.");
                    return 1;
                }

                output.WriteLine($"{name} is {verb}d.");
                return 0;
        }

        var password = ReadPassword(input, output, options.MinimumPasswordLength);
        if (password is null)
        {
            return 1;
        }

        if (verb == "passwd")
        {
            var existing = users.FindByNameAsync(name).GetAwaiter().GetResult();
            if (existing is null || !users.SetPasswordAsync(existing.UserName, hasher.HashPassword(existing, password), NewStamp()).GetAwaiter().GetResult())
            {
                output.WriteLine($"No staff account named '{name}'.");
                return 1;
            }

            output.WriteLine($"Password changed for {existing.UserName}; their open sign-ins have ended.");
            return 0;
        }

        var role = args.Skip(2).Contains("--admin", StringComparer.Ordinal) ? StaffRoles.Admin : StaffRoles.Staff;
        var created = new StaffUser(Guid.NewGuid(), name, role, "", NewStamp(), false, clock.GetUtcNow());
        created = created with { PasswordHash = hasher.HashPassword(created, password) };
        try
        {
            users.AddAsync(created).GetAwaiter().GetResult();
        }
        catch (StaffUserExistsException ex)
        {
            output.WriteLine(ex.Message + " Use `staff passwd` to change its password.");
            return 1;
        }

        output.WriteLine($"Added {role} account {name}. Sign in at /staff.");
        return 0;
    }

    /// <summary>Runs the retention purge now; returns the exit code.</summary>
    public static int RunPurge(IServiceProvider services, TextWriter output)
    {
        var retention = services.GetRequiredService<IOptions<RetentionOptions>>().Value;
        var workflow = services.GetRequiredService<IHandoffWorkflow>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var purged = workflow.PurgeTranscriptsAsync(now.AddDays(-retention.TranscriptDays), now).GetAwaiter().GetResult();
        output.WriteLine($"Removed the transcripts of {purged} handoff(s) created more than {retention.TranscriptDays} days ago.");
        return 0;
    }

    private static string? ReadPassword(TextReader input, TextWriter output, int minimumLength)
    {
        string? password;
        if (ReferenceEquals(input, Console.In) && !Console.IsInputRedirected)
        {
            password = Prompt(output, "Password: ");
            if (password is not null && Prompt(output, "Again: ") != password)
            {
                output.WriteLine("The passwords differ.");
                return null;
            }
        }
        else
        {
            password = input.ReadLine();
        }

        if (string.IsNullOrEmpty(password) || password.Length < minimumLength || password.Length > MaxPasswordLength)
        {
            output.WriteLine($"The password must have {minimumLength} to {MaxPasswordLength} characters (Staff:MinimumPasswordLength).");
            return null;
        }

        return password;
    }

    private static string? Prompt(TextWriter output, string label)
    {
        output.Write(label);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                output.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")]
    private static partial Regex ValidName();
}
