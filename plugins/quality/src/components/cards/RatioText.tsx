import { Ratio } from '@quality-pulse/plugin-quality-common';
import { QualityItemsRequest } from '../../api';
import { ItemsLink } from '../QualityItems';

type ListRequest = Omit<QualityItemsRequest, 'limit' | 'offset'>;

/**
 * A ratio as formatRatio writes it, with its numerator and denominator
 * opening the items they count (the text stays the same, links or not).
 */
export function RatioText(props: {
  ratio: Ratio;
  noun: string;
  numerator?: { title: string; request: ListRequest };
  denominator?: { title: string; request: ListRequest };
}) {
  const { ratio, noun, numerator, denominator } = props;
  if (ratio.denominator === 0) {
    return <>No {noun} in this window</>;
  }
  const part = (
    count: number,
    list?: { title: string; request: ListRequest },
  ) =>
    list && count > 0 ? (
      <ItemsLink title={list.title} request={list.request}>
        {count}
      </ItemsLink>
    ) : (
      <>{count}</>
    );
  const rated = !ratio.lowConfidence && ratio.rate !== null;
  return (
    <>
      {rated && `${Math.round(ratio.rate! * 100)} % · `}
      {part(ratio.numerator, numerator)} of{' '}
      {part(ratio.denominator, denominator)} {noun}
      {!rated && ' · too few to rate'}
    </>
  );
}
