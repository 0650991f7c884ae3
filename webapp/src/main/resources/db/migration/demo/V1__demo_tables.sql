-- The demo shop's tables: what the order form sells and what it and the survey store when submitted.
-- In-progress forms are never here: they live only in the session until the final submit.
CREATE TABLE demo_product (
    sku         text    PRIMARY KEY,
    name        text    NOT NULL,
    description text    NOT NULL,
    price_cents integer NOT NULL CHECK (price_cents >= 0),
    position    integer NOT NULL
);

CREATE TABLE demo_order (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The order draft's id from the session: a second submit of the same draft finds the first order.
    draft_id          uuid        NOT NULL UNIQUE,
    confirmation      text        NOT NULL UNIQUE,
    created_at        timestamptz NOT NULL DEFAULT now(),
    node              text        NOT NULL,
    customer_name     text        NOT NULL,
    email             text        NOT NULL,
    phone             text        NOT NULL,
    street            text        NOT NULL,
    postcode          text        NOT NULL,
    city              text        NOT NULL,
    country           text        NOT NULL,
    delivery          text        NOT NULL,
    payment           text        NOT NULL,
    delivery_cents    integer     NOT NULL,
    total_cents       integer     NOT NULL
);

CREATE TABLE demo_order_line (
    order_id         bigint  NOT NULL REFERENCES demo_order (id) ON DELETE CASCADE,
    line_no          integer NOT NULL,
    sku              text    NOT NULL REFERENCES demo_product (sku),
    product_name     text    NOT NULL,
    quantity         integer NOT NULL CHECK (quantity > 0),
    unit_price_cents integer NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE demo_survey_response (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    draft_id   uuid        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    node       text        NOT NULL
);

-- One row per answer value: a multiple-choice question has one row per ticked option.
CREATE TABLE demo_survey_answer (
    response_id bigint NOT NULL REFERENCES demo_survey_response (id) ON DELETE CASCADE,
    question    text   NOT NULL,
    position    integer NOT NULL,
    answer      text   NOT NULL,
    PRIMARY KEY (response_id, question, position)
);
