//! [`StatesArn`] with serde: written and read as its text (`arn:…:states:…`), so that a
//! record keyed or holding one keeps the ARN exactly as AWS spells it, and text that is no
//! Step Functions ARN is refused when read, with [`StatesArnError`]'s reason.

use crate::states_arn::StatesArn;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

impl Serialize for StatesArn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StatesArn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        StatesArn::parse(&text).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use crate::StatesArn;

    #[test]
    fn an_arn_is_written_and_read_as_its_text() {
        let text = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders:7";
        let arn = StatesArn::parse(text).expect("an ARN");
        assert_eq!(serde_json::to_value(&arn).ok(), Some(text.into()));
        let read: StatesArn = serde_json::from_value(text.into()).expect("reads");
        assert_eq!(read, arn);
        let refused =
            serde_json::from_value::<StatesArn>("arn:aws:lambda:us-east-1:1:function:f".into());
        assert!(refused.is_err_and(|e| e.to_string().contains("not a Step Functions ARN")));
    }
}
