import { createKafka, eventsEnv, type Kafka, type TopicNaming } from "@bazaar/events";
import type { AuthedContext } from "../tenants/procedure-context";
import type { DeadLettersInput, RecentEventsInput, ReplayInput } from "./event-explorer.schema";
import { deadLetters, recentEvents, replayDeadLetters, topicsOverview, type ExplorerDeps } from "./event-explorer.service";

let kafka: Kafka | undefined;
let naming: TopicNaming | undefined;

/** Points the explorer at another cluster or topic prefix (tests); by default KAFKA_BROKERS and KAFKA_TOPIC_PREFIX. */
export function configureEventExplorer(options: { kafka: Kafka; naming: TopicNaming }): void {
  kafka = options.kafka;
  naming = options.naming;
}

function deps(ctx: AuthedContext): ExplorerDeps {
  kafka ??= createKafka({ clientId: "api-event-explorer" });
  naming ??= { prefix: eventsEnv().KAFKA_TOPIC_PREFIX };
  return { db: ctx.db, kafka, naming };
}

export const recentEventsHandler = ({ ctx, input }: { ctx: AuthedContext; input: RecentEventsInput }) => recentEvents(ctx.db, input);
export const topicsHandler = ({ ctx }: { ctx: AuthedContext }) => topicsOverview(deps(ctx));
export const deadLettersHandler = ({ ctx, input }: { ctx: AuthedContext; input: DeadLettersInput }) => deadLetters(deps(ctx), input);
export const replayHandler = ({ ctx, input }: { ctx: AuthedContext; input: ReplayInput }) => replayDeadLetters(deps(ctx), ctx.session.userId, input);
