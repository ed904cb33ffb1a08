import SvgIcon, { SvgIconProps } from '@material-ui/core/SvgIcon';

/**
 * A pulse line: the sidebar icon of the Quality page, for a legacy app's
 * `<SidebarItem icon={QualityIcon} to="quality" text="Quality" />`.
 * @public
 */
export function QualityIcon(props: SvgIconProps) {
  return (
    <SvgIcon {...props}>
      <path d="M3 13h4l2-6 4 12 2.5-7H21v-2h-6.9L13 13.6 9 1.9 5.6 11H3z" />
    </SvgIcon>
  );
}
