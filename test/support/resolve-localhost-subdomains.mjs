// Preloaded (`--import`) into a child process that talks to the SQS emulator as if it were AWS:
// the emulator's queue URLs use hosts such as `sqs.eu-central-1.localhost`, which the system
// resolver here does not map to 127.0.0.1 as AWS's DNS maps a real queue host. Test use only.
import { interceptLocalhostDns } from 'fauxqs';

interceptLocalhostDns();
