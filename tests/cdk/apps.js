// The CDK apps `tests/cdk_sources.rs` reads: every app synthesised at once, by one node
// process, into the cloud assembly directory given as the first argument:
//
//   NODE_PATH=tools/cdk/node_modules node tests/cdk/apps.js OUT_DIR
//
// aws-cdk-lib and constructs are pinned in tools/cdk/package.json (`bash scripts/cdk.sh install`).
// Each stack is a shape CDK users write: tasks of the construct library referencing the
// stack's resources, a definition from a string with substitutions and from a file (an asset),
// the same stack in a Stage (a nested assembly repeating its logical ids), references across
// stacks (an export, and a weak reference: `Fn::GetStackOutput`), a nested stack, JSONata,
// and the shapes CDK emits that AWS refuses (aws-cdk issues 34352 and 35403).
'use strict';
const path = require('path');
const cdk = require('aws-cdk-lib');
const sfn = require('aws-cdk-lib/aws-stepfunctions');
const tasks = require('aws-cdk-lib/aws-stepfunctions-tasks');
const lambda = require('aws-cdk-lib/aws-lambda');
const sns = require('aws-cdk-lib/aws-sns');
const sqs = require('aws-cdk-lib/aws-sqs');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const s3 = require('aws-cdk-lib/aws-s3');

const outdir = process.argv[2];
if (!outdir) {
    console.error('usage: node tests/cdk/apps.js OUT_DIR');
    process.exit(2);
}

function fn(scope, id, props) {
    return new lambda.Function(scope, id, {
        runtime: lambda.Runtime.NODEJS_22_X,
        handler: 'index.handler',
        code: lambda.Code.fromInline('exports.handler = async (e) => e;'),
        ...props,
    });
}

// Orders: the construct library's tasks, each referencing a resource of the stack.
class Orders extends cdk.Stack {
    constructor(scope, id, props) {
        super(scope, id, props);
        const charge = fn(this, 'Charge');
        const named = fn(this, 'Ship', { functionName: 'ship-orders' });
        const topic = new sns.Topic(this, 'Notices');
        const queue = new sqs.Queue(this, 'Backlog');
        const table = new dynamodb.Table(this, 'Ledger', {
            partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
        });
        const chargeIt = new tasks.LambdaInvoke(this, 'Charge card', {
            lambdaFunction: charge,
            outputPath: '$.Payload',
        });
        const record = new tasks.DynamoPutItem(this, 'Record', {
            table,
            item: { id: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.id')) },
            resultPath: sfn.JsonPath.DISCARD,
        });
        const ship = new tasks.LambdaInvoke(this, 'Ship it', { lambdaFunction: named });
        const notify = new tasks.SnsPublish(this, 'Notify', {
            topic,
            message: sfn.TaskInput.fromJsonPathAt('$'),
        });
        const later = new tasks.SqsSendMessage(this, 'Later', {
            queue,
            messageBody: sfn.TaskInput.fromJsonPathAt('$'),
        });
        const items = new sfn.Map(this, 'Each line', { itemsPath: '$.lines', resultPath: '$.lines' });
        items.itemProcessor(new sfn.Pass(this, 'Line'));
        const definition = chargeIt
            .next(record)
            .next(items)
            .next(
                new sfn.Choice(this, 'Big?')
                    .when(sfn.Condition.numberGreaterThan('$.total', 100), ship.next(notify))
                    .otherwise(later),
            );
        new sfn.StateMachine(this, 'Flow', {
            definitionBody: sfn.DefinitionBody.fromChainable(definition),
        });
        // A definition written as a string, with DefinitionSubstitutions.
        new sfn.StateMachine(this, 'FromString', {
            definitionBody: sfn.DefinitionBody.fromString(JSON.stringify({
                StartAt: 'Call',
                States: {
                    Call: {
                        Type: 'Task',
                        Resource: 'arn:aws:states:::lambda:invoke',
                        Parameters: { FunctionName: '${ChargeArn}', 'Payload.$': '$' },
                        Next: 'Tell',
                    },
                    Tell: {
                        Type: 'Task',
                        Resource: 'arn:aws:states:::sns:publish',
                        Parameters: { TopicArn: '${TopicArn}', 'Message.$': '$' },
                        End: true,
                    },
                },
            })),
            definitionSubstitutions: { ChargeArn: charge.functionArn, TopicArn: topic.topicArn },
        });
        // A definition from a file: an asset of the assembly (DefinitionS3Location).
        new sfn.StateMachine(this, 'FromFile', {
            definitionBody: sfn.DefinitionBody.fromFile(path.join(__dirname, 'from_file.asl.json')),
            definitionSubstitutions: { QueueUrl: queue.queueUrl },
        });
    }
}

// Shared and Consumer: a reference across stacks (CDK writes an export and an Fn::ImportValue).
class Shared extends cdk.Stack {
    constructor(scope, id, props) {
        super(scope, id, props);
        this.worker = fn(this, 'Worker');
    }
}
class Consumer extends cdk.Stack {
    constructor(scope, id, worker, props) {
        super(scope, id, props);
        new sfn.StateMachine(this, 'Uses', {
            definitionBody: sfn.DefinitionBody.fromChainable(
                new tasks.LambdaInvoke(this, 'Work', { lambdaFunction: worker }),
            ),
        });
    }
}

// WeakConsumer: the same reference made weak (`ReferenceStrength.WEAK`): CDK writes a plain
// output in Shared and an `Fn::GetStackOutput` here instead of an export and its import.
class WeakConsumer extends cdk.Stack {
    constructor(scope, id, worker, props) {
        super(scope, id, props);
        cdk.CrossStackReferences.of(this).consume(cdk.ReferenceStrength.WEAK);
        new sfn.StateMachine(this, 'Uses', {
            definitionBody: sfn.DefinitionBody.fromChainable(
                new tasks.LambdaInvoke(this, 'Work', { lambdaFunction: worker }),
            ),
        });
    }
}

// Parent and its nested stack: the nested template's machine references the parent's function
// through a parameter of the nested stack.
class Inner extends cdk.NestedStack {
    constructor(scope, id, worker) {
        super(scope, id);
        new sfn.StateMachine(this, 'Nested', {
            definitionBody: sfn.DefinitionBody.fromChainable(
                new tasks.LambdaInvoke(this, 'Work', { lambdaFunction: worker }),
            ),
        });
    }
}
class Parent extends cdk.Stack {
    constructor(scope, id, props) {
        super(scope, id, props);
        new Inner(this, 'Inner', fn(this, 'Worker'));
    }
}

// JSONata, and the shapes CDK emits that AWS refuses.
class Jsonata extends cdk.Stack {
    constructor(scope, id, props) {
        super(scope, id, props);
        const worker = fn(this, 'Worker');
        new sfn.StateMachine(this, 'Plain', {
            queryLanguage: sfn.QueryLanguage.JSONATA,
            definitionBody: sfn.DefinitionBody.fromChainable(
                tasks.LambdaInvoke.jsonata(this, 'Work', {
                    lambdaFunction: worker,
                    payload: sfn.TaskInput.fromObject({ n: '{% $states.input.n %}' }),
                }),
            ),
        });
        // aws-cdk issue 34352: a JSONata machine whose Map's item processor holds a
        // LambdaInvoke made the JSONPath way: its `Parameters` are in a JSONata state.
        const map = sfn.Map.jsonata(this, 'Each', { items: sfn.ProvideItems.jsonata('{% $states.input.items %}') });
        map.itemProcessor(new tasks.LambdaInvoke(this, 'Per item', { lambdaFunction: worker }));
        new sfn.StateMachine(this, 'MapParameters', {
            queryLanguage: sfn.QueryLanguage.JSONATA,
            definitionBody: sfn.DefinitionBody.fromChainable(map),
        });
        // aws-cdk issues 35403 and 35834: a JSONata Distributed Map's ResultWriter in a JSONPath
        // machine.
        const bucket = new s3.Bucket(this, 'Results');
        const distributed = sfn.DistributedMap.jsonata(this, 'Spread', {
            items: sfn.ProvideItems.jsonata('{% $states.input.items %}'),
            resultWriterV2: new sfn.ResultWriterV2({ bucket, prefix: 'out' }),
        });
        distributed.itemProcessor(sfn.Pass.jsonata(this, 'Item'));
        new sfn.StateMachine(this, 'WriterParameters', {
            definitionBody: sfn.DefinitionBody.fromChainable(distributed),
        });
    }
}

// CDK's built-in template validation (a CloudFormation linter compiled to WebAssembly) is off:
// it was 11 of the synthesis's 12.6 CPU-seconds, and the tests check the definitions with
// this project's validator.
const app = new cdk.App({
    outdir,
    builtinCloudFormationValidation: false,
    context: { '@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2': true },
});
new Orders(app, 'Orders');
const shared = new Shared(app, 'Shared');
new Consumer(app, 'Consumer', shared.worker);
new WeakConsumer(app, 'WeakConsumer', shared.worker);
new Parent(app, 'Parent');
new Jsonata(app, 'Jsonata');
const prod = new cdk.Stage(app, 'Prod', { env: { account: '111122223333', region: 'eu-west-1' } });
new Orders(prod, 'Orders');
app.synth();
