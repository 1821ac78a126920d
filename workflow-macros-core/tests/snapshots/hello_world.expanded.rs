#[allow(unexpected_cfgs)]
const _: () = {
    #[cfg(rust_analyzer)]
    ::workflow_runtime::__private::workflow_editor! {
        #[doc =
        " The hello-world workflow of the AWS Step Functions Data Science SDK's notebook: a Pass, a Choice on IsHelloWorldExample, then a Wait, a Parallel and a Lambda step on the happy path, or a Fail on the sad path."]
        pub HelloWorld { input { IsHelloWorldExample : bool } "MyPassState" : pass ->
        "Is this Hello World example?"; "Is this Hello World example?" : choice { when
        $.IsHelloWorldExample == true => "Wait for 3 seconds", when $.IsHelloWorldExample
        == false => "HelloWorldFailed", } "Wait for 3 seconds" : wait(seconds = 3) ->
        "MyParallelState"; "MyParallelState" : parallel { branch { "Hello" : pass; }
        branch { "World" : pass; } } -> "Convert HelloWorld to Base64";
        "Convert HelloWorld to Base64" : lambda::invoke { FunctionName : "MyLambda",
        Payload : { "input" : "HelloWorld" }, } retry["States.TaskFailed"] (interval =
        15, max_attempts = 2, backoff = 4.0) catch["States.TaskFailed"] =>
        "LambdaTaskFailed" -> "HelloWorldSuccessful"; "HelloWorldSuccessful" : succeed;
        "LambdaTaskFailed" : fail; "HelloWorldFailed" : fail; }
    }
};
/// The hello-world workflow of the AWS Step Functions Data Science SDK's notebook: a Pass, a Choice on IsHelloWorldExample, then a Wait, a Parallel and a Lambda step on the happy path, or a Fail on the sad path.
/**
# Generated items

- `HelloWorld`: the workflow (`NAME`, `ASL`, `ASL_PRETTY`, `MERMAID`, `definition()`, `impl Workflow`)
- `HelloWorldInput`: the execution input, `{ IsHelloWorldExample: bool }` (fields in snake case, serialised as written; each nested object a struct named `HelloWorldInput` + its field's name in PascalCase)
- `HelloWorldOutput`: what the workflow ends with, `{ DurableExecutionArn?: string, ExecutedVersion?: string, FunctionError?: string, LogResult?: string, Payload?: any, SdkHttpMetadata?: any, SdkResponseMetadata?: any, StatusCode?: integer }` (`serde_json::Value` where unknown)
- `HelloWorld::CONVERT_HELLO_WORLD_TO_BASE64`: the Task state `Convert HelloWorld to Base64` (`task_kind::Lambda`); it sends `HelloWorldConvertHelloWorldToBase64Request` (`{ input: string }`), the states after it read `HelloWorldConvertHelloWorldToBase64Response` (`any`)*/
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct HelloWorld;
///The execution input of [`HelloWorld`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HelloWorldInput {
    ///`IsHelloWorldExample`.
    pub is_hello_world_example: bool,
}
#[automatically_derived]
impl ::workflow_runtime::__private::serde::Serialize for HelloWorldInput {
    fn serialize<__S: ::workflow_runtime::__private::serde::Serializer>(
        &self,
        __serializer: __S,
    ) -> ::core::result::Result<__S::Ok, __S::Error> {
        let mut __state = ::workflow_runtime::__private::serde::Serializer::serialize_struct(
            __serializer,
            "HelloWorldInput",
            1usize,
        )?;
        ::workflow_runtime::__private::serde::ser::SerializeStruct::serialize_field(
            &mut __state,
            "IsHelloWorldExample",
            &self.is_hello_world_example,
        )?;
        ::workflow_runtime::__private::serde::ser::SerializeStruct::end(__state)
    }
}
#[automatically_derived]
impl<'de> ::workflow_runtime::__private::serde::Deserialize<'de> for HelloWorldInput {
    fn deserialize<__D: ::workflow_runtime::__private::serde::Deserializer<'de>>(
        __deserializer: __D,
    ) -> ::core::result::Result<Self, __D::Error> {
        const __FIELDS: &[&str] = &["IsHelloWorldExample"];
        struct __Visitor;
        impl<'de> ::workflow_runtime::__private::serde::de::Visitor<'de> for __Visitor {
            type Value = HelloWorldInput;
            fn expecting(
                &self,
                __f: &mut ::core::fmt::Formatter<'_>,
            ) -> ::core::fmt::Result {
                ::workflow_runtime::__private::fields::expecting(__f, "HelloWorldInput")
            }
            fn visit_map<__A: ::workflow_runtime::__private::serde::de::MapAccess<'de>>(
                self,
                mut __map: __A,
            ) -> ::core::result::Result<HelloWorldInput, __A::Error> {
                let mut __field0: ::core::option::Option<bool> = ::core::option::Option::None;
                while let ::core::option::Option::Some(__key) = __map
                    .next_key_seed(
                        ::workflow_runtime::__private::fields::Field(__FIELDS),
                    )?
                {
                    match __key {
                        0usize => {
                            ::workflow_runtime::__private::fields::value(
                                &mut __map,
                                &mut __field0,
                                "IsHelloWorldExample",
                            )
                        }
                        _ => ::workflow_runtime::__private::fields::skip(&mut __map),
                    }?;
                }
                ::core::result::Result::Ok(HelloWorldInput {
                    is_hello_world_example: ::workflow_runtime::__private::fields::required(
                        __field0,
                        "IsHelloWorldExample",
                    )?,
                })
            }
        }
        __deserializer.deserialize_struct("HelloWorldInput", __FIELDS, __Visitor)
    }
}
///What [`HelloWorld`] reads of the result of its Task state `Convert HelloWorld to Base64` (for `lambda:invoke`, of the `Payload`): `any`. Every field a later state reads is required; fields nobody reads are left out.
pub type HelloWorldConvertHelloWorldToBase64Response = ::workflow_runtime::__private::serde_json::Value;
///What [`HelloWorld`] ends with, as the data-flow types found it: `{ DurableExecutionArn?: string, ExecutedVersion?: string, FunctionError?: string, LogResult?: string, Payload?: any, SdkHttpMetadata?: any, SdkResponseMetadata?: any, StatusCode?: integer }`. Read an execution's output with it: `output_as::<HelloWorldOutput>()`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HelloWorldOutput {
    ///`DurableExecutionArn`: string.
    pub durable_execution_arn: ::core::option::Option<::std::string::String>,
    ///`ExecutedVersion`: string.
    pub executed_version: ::core::option::Option<::std::string::String>,
    ///`FunctionError`: string.
    pub function_error: ::core::option::Option<::std::string::String>,
    ///`LogResult`: string.
    pub log_result: ::core::option::Option<::std::string::String>,
    ///`Payload`: any.
    pub payload: ::core::option::Option<
        ::workflow_runtime::__private::serde_json::Value,
    >,
    ///`SdkHttpMetadata`: any.
    pub sdk_http_metadata: ::core::option::Option<
        ::workflow_runtime::__private::serde_json::Value,
    >,
    ///`SdkResponseMetadata`: any.
    pub sdk_response_metadata: ::core::option::Option<
        ::workflow_runtime::__private::serde_json::Value,
    >,
    ///`StatusCode`: integer.
    pub status_code: ::core::option::Option<i64>,
}
#[automatically_derived]
impl ::workflow_runtime::__private::serde::Serialize for HelloWorldOutput {
    fn serialize<__S: ::workflow_runtime::__private::serde::Serializer>(
        &self,
        __serializer: __S,
    ) -> ::core::result::Result<__S::Ok, __S::Error> {
        let mut __state = ::workflow_runtime::__private::serde::Serializer::serialize_struct(
            __serializer,
            "HelloWorldOutput",
            0usize + ::core::primitive::usize::from(self.durable_execution_arn.is_some())
                + ::core::primitive::usize::from(self.executed_version.is_some())
                + ::core::primitive::usize::from(self.function_error.is_some())
                + ::core::primitive::usize::from(self.log_result.is_some())
                + ::core::primitive::usize::from(self.payload.is_some())
                + ::core::primitive::usize::from(self.sdk_http_metadata.is_some())
                + ::core::primitive::usize::from(self.sdk_response_metadata.is_some())
                + ::core::primitive::usize::from(self.status_code.is_some()),
        )?;
        ::workflow_runtime::__private::fields::optional(
            &mut __state,
            "DurableExecutionArn",
            &self.durable_execution_arn,
        )?;
        ::workflow_runtime::__private::fields::optional(
            &mut __state,
            "ExecutedVersion",
            &self.executed_version,
        )?;
        ::workflow_runtime::__private::fields::optional(
            &mut __state,
            "FunctionError",
            &self.function_error,
        )?;
        ::workflow_runtime::__private::fields::optional(
            &mut __state,
            "LogResult",
            &self.log_result,
        )?;
        ::workflow_runtime::__private::fields::optional(
            &mut __state,
            "Payload",
            &self.payload,
        )?;
        ::workflow_runtime::__private::fields::optional(
            &mut __state,
            "SdkHttpMetadata",
            &self.sdk_http_metadata,
        )?;
        ::workflow_runtime::__private::fields::optional(
            &mut __state,
            "SdkResponseMetadata",
            &self.sdk_response_metadata,
        )?;
        ::workflow_runtime::__private::fields::optional(
            &mut __state,
            "StatusCode",
            &self.status_code,
        )?;
        ::workflow_runtime::__private::serde::ser::SerializeStruct::end(__state)
    }
}
#[automatically_derived]
impl<'de> ::workflow_runtime::__private::serde::Deserialize<'de> for HelloWorldOutput {
    fn deserialize<__D: ::workflow_runtime::__private::serde::Deserializer<'de>>(
        __deserializer: __D,
    ) -> ::core::result::Result<Self, __D::Error> {
        const __FIELDS: &[&str] = &[
            "DurableExecutionArn",
            "ExecutedVersion",
            "FunctionError",
            "LogResult",
            "Payload",
            "SdkHttpMetadata",
            "SdkResponseMetadata",
            "StatusCode",
        ];
        struct __Visitor;
        impl<'de> ::workflow_runtime::__private::serde::de::Visitor<'de> for __Visitor {
            type Value = HelloWorldOutput;
            fn expecting(
                &self,
                __f: &mut ::core::fmt::Formatter<'_>,
            ) -> ::core::fmt::Result {
                ::workflow_runtime::__private::fields::expecting(__f, "HelloWorldOutput")
            }
            fn visit_map<__A: ::workflow_runtime::__private::serde::de::MapAccess<'de>>(
                self,
                mut __map: __A,
            ) -> ::core::result::Result<HelloWorldOutput, __A::Error> {
                let mut __field0: ::core::option::Option<
                    ::core::option::Option<::std::string::String>,
                > = ::core::option::Option::None;
                let mut __field1: ::core::option::Option<
                    ::core::option::Option<::std::string::String>,
                > = ::core::option::Option::None;
                let mut __field2: ::core::option::Option<
                    ::core::option::Option<::std::string::String>,
                > = ::core::option::Option::None;
                let mut __field3: ::core::option::Option<
                    ::core::option::Option<::std::string::String>,
                > = ::core::option::Option::None;
                let mut __field4: ::core::option::Option<
                    ::core::option::Option<
                        ::workflow_runtime::__private::serde_json::Value,
                    >,
                > = ::core::option::Option::None;
                let mut __field5: ::core::option::Option<
                    ::core::option::Option<
                        ::workflow_runtime::__private::serde_json::Value,
                    >,
                > = ::core::option::Option::None;
                let mut __field6: ::core::option::Option<
                    ::core::option::Option<
                        ::workflow_runtime::__private::serde_json::Value,
                    >,
                > = ::core::option::Option::None;
                let mut __field7: ::core::option::Option<::core::option::Option<i64>> = ::core::option::Option::None;
                while let ::core::option::Option::Some(__key) = __map
                    .next_key_seed(
                        ::workflow_runtime::__private::fields::Field(__FIELDS),
                    )?
                {
                    match __key {
                        0usize => {
                            ::workflow_runtime::__private::fields::value(
                                &mut __map,
                                &mut __field0,
                                "DurableExecutionArn",
                            )
                        }
                        1usize => {
                            ::workflow_runtime::__private::fields::value(
                                &mut __map,
                                &mut __field1,
                                "ExecutedVersion",
                            )
                        }
                        2usize => {
                            ::workflow_runtime::__private::fields::value(
                                &mut __map,
                                &mut __field2,
                                "FunctionError",
                            )
                        }
                        3usize => {
                            ::workflow_runtime::__private::fields::value(
                                &mut __map,
                                &mut __field3,
                                "LogResult",
                            )
                        }
                        4usize => {
                            ::workflow_runtime::__private::fields::value(
                                &mut __map,
                                &mut __field4,
                                "Payload",
                            )
                        }
                        5usize => {
                            ::workflow_runtime::__private::fields::value(
                                &mut __map,
                                &mut __field5,
                                "SdkHttpMetadata",
                            )
                        }
                        6usize => {
                            ::workflow_runtime::__private::fields::value(
                                &mut __map,
                                &mut __field6,
                                "SdkResponseMetadata",
                            )
                        }
                        7usize => {
                            ::workflow_runtime::__private::fields::value(
                                &mut __map,
                                &mut __field7,
                                "StatusCode",
                            )
                        }
                        _ => ::workflow_runtime::__private::fields::skip(&mut __map),
                    }?;
                }
                ::core::result::Result::Ok(HelloWorldOutput {
                    durable_execution_arn: __field0.unwrap_or_default(),
                    executed_version: __field1.unwrap_or_default(),
                    function_error: __field2.unwrap_or_default(),
                    log_result: __field3.unwrap_or_default(),
                    payload: __field4.unwrap_or_default(),
                    sdk_http_metadata: __field5.unwrap_or_default(),
                    sdk_response_metadata: __field6.unwrap_or_default(),
                    status_code: __field7.unwrap_or_default(),
                })
            }
        }
        __deserializer.deserialize_struct("HelloWorldOutput", __FIELDS, __Visitor)
    }
}
///What the Task state `Convert HelloWorld to Base64` of [`HelloWorld`] sends (for `lambda:invoke`, the `Payload`), as the data-flow types found it: `{ input: string }`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HelloWorldConvertHelloWorldToBase64Request {
    ///`input`: string.
    pub input: ::std::string::String,
}
#[automatically_derived]
impl ::workflow_runtime::__private::serde::Serialize
for HelloWorldConvertHelloWorldToBase64Request {
    fn serialize<__S: ::workflow_runtime::__private::serde::Serializer>(
        &self,
        __serializer: __S,
    ) -> ::core::result::Result<__S::Ok, __S::Error> {
        let mut __state = ::workflow_runtime::__private::serde::Serializer::serialize_struct(
            __serializer,
            "HelloWorldConvertHelloWorldToBase64Request",
            1usize,
        )?;
        ::workflow_runtime::__private::serde::ser::SerializeStruct::serialize_field(
            &mut __state,
            "input",
            &self.input,
        )?;
        ::workflow_runtime::__private::serde::ser::SerializeStruct::end(__state)
    }
}
#[automatically_derived]
impl<'de> ::workflow_runtime::__private::serde::Deserialize<'de>
for HelloWorldConvertHelloWorldToBase64Request {
    fn deserialize<__D: ::workflow_runtime::__private::serde::Deserializer<'de>>(
        __deserializer: __D,
    ) -> ::core::result::Result<Self, __D::Error> {
        const __FIELDS: &[&str] = &["input"];
        struct __Visitor;
        impl<'de> ::workflow_runtime::__private::serde::de::Visitor<'de> for __Visitor {
            type Value = HelloWorldConvertHelloWorldToBase64Request;
            fn expecting(
                &self,
                __f: &mut ::core::fmt::Formatter<'_>,
            ) -> ::core::fmt::Result {
                ::workflow_runtime::__private::fields::expecting(
                    __f,
                    "HelloWorldConvertHelloWorldToBase64Request",
                )
            }
            fn visit_map<__A: ::workflow_runtime::__private::serde::de::MapAccess<'de>>(
                self,
                mut __map: __A,
            ) -> ::core::result::Result<
                HelloWorldConvertHelloWorldToBase64Request,
                __A::Error,
            > {
                let mut __field0: ::core::option::Option<::std::string::String> = ::core::option::Option::None;
                while let ::core::option::Option::Some(__key) = __map
                    .next_key_seed(
                        ::workflow_runtime::__private::fields::Field(__FIELDS),
                    )?
                {
                    match __key {
                        0usize => {
                            ::workflow_runtime::__private::fields::value(
                                &mut __map,
                                &mut __field0,
                                "input",
                            )
                        }
                        _ => ::workflow_runtime::__private::fields::skip(&mut __map),
                    }?;
                }
                ::core::result::Result::Ok(HelloWorldConvertHelloWorldToBase64Request {
                    input: ::workflow_runtime::__private::fields::required(
                        __field0,
                        "input",
                    )?,
                })
            }
        }
        __deserializer
            .deserialize_struct(
                "HelloWorldConvertHelloWorldToBase64Request",
                __FIELDS,
                __Visitor,
            )
    }
}
#[automatically_derived]
impl HelloWorld {
    /// The state machine's default name.
    pub const NAME: &'static str = <Self as ::workflow_runtime::Workflow>::NAME;
    /// The Amazon States Language definition, compact JSON, computed at compile time.
    pub const ASL: &'static str = <Self as ::workflow_runtime::Workflow>::ASL;
    /// The Amazon States Language definition, indented JSON.
    pub const ASL_PRETTY: &'static str = <Self as ::workflow_runtime::Workflow>::ASL_PRETTY;
    /// The graph as a Mermaid `stateDiagram-v2` (GitHub and GitLab draw it in markdown).
    pub const MERMAID: &'static str = <Self as ::workflow_runtime::Workflow>::MERMAID;
    /// Every item `workflow!` generated for this workflow, with its shape (a markdown
    /// list; also on this type's page in `cargo doc`): print it to see the names.
    pub const GENERATED_ITEMS: &'static str = <Self as ::workflow_runtime::Workflow>::GENERATED_ITEMS;
    /// The Task state `Convert HelloWorld to Base64` (`arn:aws:states:::lambda:invoke`), typed by what it sends ([`HelloWorldConvertHelloWorldToBase64Request`]) and what the states after it read ([`HelloWorldConvertHelloWorldToBase64Response`]), and by what it calls (`task_kind::Lambda`): key a handler with it (`Engine::task`).
    #[allow(dead_code)]
    pub const CONVERT_HELLO_WORLD_TO_BASE64: ::workflow_runtime::TaskRef<
        HelloWorldConvertHelloWorldToBase64Request,
        HelloWorldConvertHelloWorldToBase64Response,
        ::workflow_runtime::task_kind::Lambda,
    > = ::workflow_runtime::TaskRef::new(
        "Convert HelloWorld to Base64",
        "arn:aws:states:::lambda:invoke",
    );
    /// The definition as the typed model.
    pub fn definition() -> ::workflow_runtime::asl::StateMachine {
        <Self as ::workflow_runtime::Workflow>::definition()
    }
}
#[automatically_derived]
impl ::workflow_runtime::Workflow for HelloWorld {
    type Input = HelloWorldInput;
    type Output = HelloWorldOutput;
    const NAME: &'static str = "HelloWorld";
    const ASL: &'static str = "{\"Comment\":\"The hello-world workflow of the AWS Step Functions Data Science SDK's notebook: a Pass, a Choice on IsHelloWorldExample, then a Wait, a Parallel and a Lambda step on the happy path, or a Fail on the sad path.\",\"StartAt\":\"MyPassState\",\"States\":{\"MyPassState\":{\"Type\":\"Pass\",\"Next\":\"Is this Hello World example?\"},\"Is this Hello World example?\":{\"Type\":\"Choice\",\"Choices\":[{\"Variable\":\"$.IsHelloWorldExample\",\"BooleanEquals\":true,\"Next\":\"Wait for 3 seconds\"},{\"Variable\":\"$.IsHelloWorldExample\",\"BooleanEquals\":false,\"Next\":\"HelloWorldFailed\"}]},\"Wait for 3 seconds\":{\"Type\":\"Wait\",\"Seconds\":3,\"Next\":\"MyParallelState\"},\"MyParallelState\":{\"Type\":\"Parallel\",\"Branches\":[{\"StartAt\":\"Hello\",\"States\":{\"Hello\":{\"Type\":\"Pass\",\"End\":true}}},{\"StartAt\":\"World\",\"States\":{\"World\":{\"Type\":\"Pass\",\"End\":true}}}],\"Next\":\"Convert HelloWorld to Base64\"},\"Convert HelloWorld to Base64\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"FunctionName\":\"MyLambda\",\"Payload\":{\"input\":\"HelloWorld\"}},\"Retry\":[{\"ErrorEquals\":[\"States.TaskFailed\"],\"IntervalSeconds\":15,\"MaxAttempts\":2,\"BackoffRate\":4.0}],\"Catch\":[{\"ErrorEquals\":[\"States.TaskFailed\"],\"Next\":\"LambdaTaskFailed\"}],\"Next\":\"HelloWorldSuccessful\"},\"HelloWorldSuccessful\":{\"Type\":\"Succeed\"},\"LambdaTaskFailed\":{\"Type\":\"Fail\"},\"HelloWorldFailed\":{\"Type\":\"Fail\"}}}";
    const ASL_PRETTY: &'static str = "{\n  \"Comment\": \"The hello-world workflow of the AWS Step Functions Data Science SDK's notebook: a Pass, a Choice on IsHelloWorldExample, then a Wait, a Parallel and a Lambda step on the happy path, or a Fail on the sad path.\",\n  \"StartAt\": \"MyPassState\",\n  \"States\": {\n    \"MyPassState\": {\n      \"Type\": \"Pass\",\n      \"Next\": \"Is this Hello World example?\"\n    },\n    \"Is this Hello World example?\": {\n      \"Type\": \"Choice\",\n      \"Choices\": [\n        {\n          \"Variable\": \"$.IsHelloWorldExample\",\n          \"BooleanEquals\": true,\n          \"Next\": \"Wait for 3 seconds\"\n        },\n        {\n          \"Variable\": \"$.IsHelloWorldExample\",\n          \"BooleanEquals\": false,\n          \"Next\": \"HelloWorldFailed\"\n        }\n      ]\n    },\n    \"Wait for 3 seconds\": {\n      \"Type\": \"Wait\",\n      \"Seconds\": 3,\n      \"Next\": \"MyParallelState\"\n    },\n    \"MyParallelState\": {\n      \"Type\": \"Parallel\",\n      \"Branches\": [\n        {\n          \"StartAt\": \"Hello\",\n          \"States\": {\n            \"Hello\": {\n              \"Type\": \"Pass\",\n              \"End\": true\n            }\n          }\n        },\n        {\n          \"StartAt\": \"World\",\n          \"States\": {\n            \"World\": {\n              \"Type\": \"Pass\",\n              \"End\": true\n            }\n          }\n        }\n      ],\n      \"Next\": \"Convert HelloWorld to Base64\"\n    },\n    \"Convert HelloWorld to Base64\": {\n      \"Type\": \"Task\",\n      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n      \"Parameters\": {\n        \"FunctionName\": \"MyLambda\",\n        \"Payload\": {\n          \"input\": \"HelloWorld\"\n        }\n      },\n      \"Retry\": [\n        {\n          \"ErrorEquals\": [\n            \"States.TaskFailed\"\n          ],\n          \"IntervalSeconds\": 15,\n          \"MaxAttempts\": 2,\n          \"BackoffRate\": 4.0\n        }\n      ],\n      \"Catch\": [\n        {\n          \"ErrorEquals\": [\n            \"States.TaskFailed\"\n          ],\n          \"Next\": \"LambdaTaskFailed\"\n        }\n      ],\n      \"Next\": \"HelloWorldSuccessful\"\n    },\n    \"HelloWorldSuccessful\": {\n      \"Type\": \"Succeed\"\n    },\n    \"LambdaTaskFailed\": {\n      \"Type\": \"Fail\"\n    },\n    \"HelloWorldFailed\": {\n      \"Type\": \"Fail\"\n    }\n  }\n}";
    const MERMAID: &'static str = "stateDiagram-v2\n    [*] --> s0\n    state \"MyPassState\" as s0\n    %% s1: Is this Hello World example?\n    state s1 <<choice>>\n    state \"Wait for 3 seconds\" as s2\n    state \"MyParallelState\" as s3\n    state \"Convert HelloWorld to Base64\" as s4\n    state \"HelloWorldSuccessful\" as s5\n    state \"LambdaTaskFailed\" as s6\n    state \"HelloWorldFailed\" as s7\n    s0 --> s1\n    s1 --> s2 : $.IsHelloWorldExample == true\n    s1 --> s7 : $.IsHelloWorldExample == false\n    s2 --> s3\n    s3 --> s4\n    s4 --> s5\n    s4 --> s6 : catch States.TaskFailed\n    s5 --> [*]\n    s6 --> [*]\n    s7 --> [*]\n    state s3 {\n        [*] --> s8\n        state \"Hello\" as s8\n        s8 --> [*]\n        --\n        [*] --> s9\n        state \"World\" as s9\n        s9 --> [*]\n    }\n";
    const SUBSTITUTIONS: &'static [&'static str] = &[];
    const GENERATED_ITEMS: &'static str = "- `HelloWorld`: the workflow (`NAME`, `ASL`, `ASL_PRETTY`, `MERMAID`, `definition()`, `impl Workflow`)\n- `HelloWorldInput`: the execution input, `{ IsHelloWorldExample: bool }` (fields in snake case, serialised as written; each nested object a struct named `HelloWorldInput` + its field's name in PascalCase)\n- `HelloWorldOutput`: what the workflow ends with, `{ DurableExecutionArn?: string, ExecutedVersion?: string, FunctionError?: string, LogResult?: string, Payload?: any, SdkHttpMetadata?: any, SdkResponseMetadata?: any, StatusCode?: integer }` (`serde_json::Value` where unknown)\n- `HelloWorld::CONVERT_HELLO_WORLD_TO_BASE64`: the Task state `Convert HelloWorld to Base64` (`task_kind::Lambda`); it sends `HelloWorldConvertHelloWorldToBase64Request` (`{ input: string }`), the states after it read `HelloWorldConvertHelloWorldToBase64Response` (`any`)";
    const INPUT_SCHEMA: ::workflow_runtime::InputType = ::workflow_runtime::InputType::Object(
        &[
            ::workflow_runtime::InputField {
                name: "IsHelloWorldExample",
                optional: false,
                ty: ::workflow_runtime::InputType::Boolean,
            },
        ],
    );
    const SOURCE: ::workflow_runtime::WorkflowSource = ::workflow_runtime::WorkflowSource {
        file: ::core::file!(),
        lines: &[
            ("/States/MyPassState", 6u32),
            ("/States/Is this Hello World example?", 8u32),
            ("/States/Is this Hello World example?/Choices/0", 9u32),
            ("/States/Is this Hello World example?/Choices/1", 10u32),
            ("/States/Wait for 3 seconds", 13u32),
            ("/States/MyParallelState", 15u32),
            ("/States/MyParallelState/Branches/0", 16u32),
            ("/States/MyParallelState/Branches/1", 17u32),
            ("/States/Convert HelloWorld to Base64", 20u32),
            ("/States/Convert HelloWorld to Base64/Retry/0", 24u32),
            ("/States/Convert HelloWorld to Base64/Catch/0", 25u32),
            ("/States/HelloWorldSuccessful", 28u32),
            ("/States/LambdaTaskFailed", 29u32),
            ("/States/HelloWorldFailed", 30u32),
            ("/States/MyParallelState/Branches/0/States/Hello", 16u32),
            ("/States/MyParallelState/Branches/1/States/World", 17u32),
        ],
    };
    /// The definition as the typed model, decoded once.
    fn definition() -> ::workflow_runtime::asl::StateMachine {
        static DEFINITION: ::std::sync::OnceLock<
            ::workflow_runtime::asl::StateMachine,
        > = ::std::sync::OnceLock::new();
        DEFINITION
            .get_or_init(|| {
                let asl = <HelloWorld as ::workflow_runtime::Workflow>::ASL;
                ::workflow_runtime::asl::StateMachine::from_json(asl)
                    .unwrap_or_else(|e| {
                        ::workflow_runtime::__private::undecodable("HelloWorld", &e)
                    })
            })
            .clone()
    }
}
