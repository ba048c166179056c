using Habatan.Infrastructure;
using Habatan.Infrastructure.Retention;
using Habatan.Infrastructure.Sagas;
using Habatan.Notifications.ApplicationCorrections;
using Habatan.Notifications.Email;
using Habatan.Notifications.FanOut;
using Habatan.Notifications.MemberInbox;
using Habatan.Notifications.Reminders;
using Habatan.Notifications.Reminders.Series;
using Habatan.Notifications.SignInCodes;
using Habatan.Notifications.Snapshots;

namespace Habatan.Notifications.Extensions;

internal static class Extensions
{
    public static IHostApplicationBuilder AddNotificationsServices(this IHostApplicationBuilder builder)
    {
        builder.AddEmail();
        builder.AddServiceInfrastructure(
            ServiceName.Value,
            bus =>
            {
                bus.AddConsumer<SignInCodeRequestedConsumer>();
                bus.AddConsumer<ApplicationCorrectionRequestedConsumer>();
                bus.AddConsumer<AudienceResolvedConsumer>();
                bus.AddConsumer<AudienceChunkConsumer>();
                bus.AddConsumer<AdminNoticeRequestedConsumer>();
                bus.AddSagaStateMachine<ReminderStateMachine, ReminderState>()
                    .NpgsqlRepository(options => options.SagaType = ReminderStateMachine.SagaType);
            }
        );
        builder.AddRetention(DeliveryRetention.EmailDeliveries, DeliveryRetention.ReminderDeliveries);
        builder.Services.AddScoped<ReminderStore>();
        builder.Services.AddScoped<SnapshotAssembler>();
        builder.Services.AddOptions<FanOutOptions>().BindConfiguration(FanOutOptions.Section);
        builder.Services.AddOptions<SnapshotOptions>().BindConfiguration(SnapshotOptions.Section);
        builder.Services.AddSingleton<EligibilityAtSendTime>();
        builder.Services.AddOptions<SeriesOptions>().BindConfiguration(SeriesOptions.Section);
        builder.Services.AddHostedService<ReminderScheduler>();
        builder.Services.AddHostedService<ReminderSender>();
        return builder;
    }
}
