//! Shapes the overlay builds: requests Step Functions defines itself (API Gateway, HTTP Task,
//! EMR's `addStep`, …) and API shapes with some members replaced (Lambda's `Payload` is JSON).
//!
//! A synthesized model is built once (behind the overlay's `OnceLock`s) and leaked: it lives as
//! long as the process, like the decoded services.

use super::decode::{MemberData, Model, Ref, ShapeData};
use super::shape::{Shape, ShapeKind};

/// A shape under construction: a shape of the model being built, or an existing one.
#[derive(Clone, Copy)]
pub(crate) enum Part {
    /// Index into the builder's shapes.
    Local(u32),
    /// A finished shape (of a service or of another synthesized model).
    Existing(Shape),
}

impl Part {
    fn to_ref(self) -> Ref {
        match self {
            Part::Local(i) => Ref::Local(i),
            Part::Existing(s) => Ref::Foreign(s),
        }
    }
}

/// Builds one synthesized model.
#[derive(Default)]
pub(crate) struct Builder {
    shapes: Vec<ShapeData>,
}

impl Builder {
    fn push(&mut self, data: ShapeData) -> Part {
        let index = u32::try_from(self.shapes.len()).unwrap_or(u32::MAX);
        self.shapes.push(data);
        Part::Local(index)
    }

    /// A scalar (or `Any`) shape.
    pub(crate) fn scalar(&mut self, kind: ShapeKind) -> Part {
        self.push(ShapeData::of(kind))
    }

    /// A string limited to `values`.
    pub(crate) fn enumeration(&mut self, values: &[&str]) -> Part {
        let mut data = ShapeData::of(ShapeKind::String);
        data.enums = values.iter().map(|v| Box::from(*v)).collect();
        self.push(data)
    }

    /// A map from strings to `value`.
    pub(crate) fn map(&mut self, value: Part) -> Part {
        let key = self.scalar(ShapeKind::String);
        let mut data = ShapeData::of(ShapeKind::Map);
        data.item = Some(key.to_ref());
        data.value = Some(value.to_ref());
        self.push(data)
    }

    /// A list of `item`.
    pub(crate) fn array(&mut self, item: Part) -> Part {
        let mut data = ShapeData::of(ShapeKind::Array);
        data.item = Some(item.to_ref());
        self.push(data)
    }

    /// A structure named `name` with `members` (name, shape, required).
    pub(crate) fn object(&mut self, name: &str, members: &[(&str, Part, bool)]) -> Part {
        let mut data = ShapeData::of(ShapeKind::Object);
        data.name = Some(name.into());
        data.members = members
            .iter()
            .map(|(n, p, required)| MemberData {
                name: (*n).into(),
                sdk_name: None,
                target: p.to_ref(),
                required: *required,
            })
            .collect();
        self.push(data)
    }

    /// A copy of the structure `base` where the member at each of `paths` (members separated
    /// by `/`, `*` for a list's item or a map's value) has the shape `replacement`.
    pub(crate) fn replace(&mut self, base: Shape, paths: &[&str], replacement: Part) -> Part {
        let mut root = self.copy(base);
        for path in paths {
            let steps: Vec<&str> = path.split('/').collect();
            root = self.replace_at(root, &steps, replacement);
        }
        root
    }

    /// A local copy of `shape`'s top level (its children stay shared).
    fn copy(&mut self, shape: Shape) -> Part {
        let d = shape.data();
        let data = ShapeData {
            kind: d.kind,
            name: d.name.clone(),
            members: d
                .members
                .iter()
                .map(|m| MemberData {
                    name: m.name.clone(),
                    sdk_name: m.sdk_name.clone(),
                    target: Ref::Foreign(shape.follow(m.target)),
                    required: m.required,
                })
                .collect(),
            item: d.item.map(|r| Ref::Foreign(shape.follow(r))),
            value: d.value.map(|r| Ref::Foreign(shape.follow(r))),
            enums: d.enums.clone(),
            min: d.min,
            max: d.max,
            pattern: d.pattern.clone(),
            bounds_source: d.bounds_source,
            union: d.union,
        };
        self.push(data)
    }

    /// Replaces, in the local shape `at`, the shape at `steps` (copying along the way).
    fn replace_at(&mut self, at: Part, steps: &[&str], replacement: Part) -> Part {
        let Part::Local(mut index) = at else {
            return at;
        };
        let root = at;
        for (n, step) in steps.iter().enumerate() {
            let last = n + 1 == steps.len();
            let data = &self.shapes[index as usize];
            let slot = if *step == "*" {
                match data.kind {
                    ShapeKind::Array => Slot::Item,
                    _ => Slot::Value,
                }
            } else {
                match data.members.iter().position(|m| &*m.name == *step) {
                    Some(p) => Slot::Member(p),
                    None => return root,
                }
            };
            let current = match slot {
                Slot::Item => data.item,
                Slot::Value => data.value,
                Slot::Member(p) => Some(data.members[p].target),
            };
            let next = if last {
                replacement
            } else {
                match current {
                    Some(Ref::Foreign(shape)) => self.copy(shape),
                    Some(Ref::Local(i)) => Part::Local(i),
                    None => return root,
                }
            };
            let data = &mut self.shapes[index as usize];
            match slot {
                Slot::Item => data.item = Some(next.to_ref()),
                Slot::Value => data.value = Some(next.to_ref()),
                Slot::Member(p) => data.members[p].target = next.to_ref(),
            }
            match next {
                Part::Local(i) => index = i,
                Part::Existing(_) => return root,
            }
        }
        root
    }

    /// The finished shape `root` (the model is leaked: it lives as long as the process).
    pub(crate) fn finish(self, root: Part) -> Shape {
        match root {
            Part::Existing(shape) => shape,
            Part::Local(index) => {
                let model: &'static Model = Box::leak(Box::new(Model {
                    shapes: self.shapes,
                    operations: Vec::new(),
                }));
                Shape::new(model, index)
            }
        }
    }
}

enum Slot {
    Item,
    Value,
    Member(usize),
}

impl Builder {
    /// The local structure `object` with `members` (name, shape, required) added.
    pub(crate) fn add_members(&mut self, object: Part, members: &[(&str, Part, bool)]) -> Part {
        if let Part::Local(index) = object {
            let data = &mut self.shapes[index as usize];
            for (name, part, required) in members {
                data.members.push(MemberData {
                    name: (*name).into(),
                    sdk_name: None,
                    target: part.to_ref(),
                    required: *required,
                });
            }
        }
        object
    }
}
